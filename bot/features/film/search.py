"""Full-text search across the films a server can see, and the film list.

The index (``search_index``) is built on the first search, then kept up to date: after each
catalogue refresh (which follows every content change) the next search compares the content
revision (``bot.catalog.content_stamp``) and re-indexes only films whose content hash changed;
between refreshes a search goes straight to the index. Each result shows one passage of the
film, treated by the reader's standing for that film, so a search reply never shows more than
the answer commands would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from bot.cache import LruCache
from bot.catalog import GIVE_YEAR, content_stamp, series_sorted, title_initials, typed_words
from bot.content.works import revision
from bot.db.models import Film, Item, Section
from bot.errors import InvalidInput, NotFound
from bot.everyday_words import COMMON_ENGLISH
from bot.features.film.answers import RULE_CHECKS, RULES_MOVED
from bot.features.film.documents import Block, effective_level
from bot.features.film.film_text import FilmText, level_as_read, read_film_texts
from bot.features.film.search_index import (
    WORD,
    IndexedText,
    SearchIndex,
    normalise,
    query_terms,
    words,
)
from bot.invocation import Invocation
from bot.levels import SectionKind, SpoilerLevel
from bot.memory import release_free_memory
from bot.replies import Colour, Deferred, Embed, Reply
from bot.spoiler_policy.markup import (
    Treatment,
    bars_hide_less_than_meant,
    escape_text,
    render_text,
    strip_markup,
    truncate_plain,
)
from bot.spoiler_policy.policy import (
    Audience,
    Standing,
    listing_shows_spoilers,
    listing_treatment,
    pointer_for,
)

if TYPE_CHECKING:
    from bot.catalog import FilmEntry
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

MAX_RESULTS = 5
FILLER_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by", "for", "with", "from"}
    | {"as", "is", "be", "but", "so", "if", "into", "than", "then", "this", "that", "these"}
)
"""English words nearly every film's text holds: a query of these alone finds nothing in
particular, so it is told so rather than answered with any five films. Not other languages'
articles: "la" or "les" is as often a title's own word (La La Land, Les Misérables)."""
MAX_TERMS = 12
SNIPPET_CHARS = 240
CONTEXT_CHARS = 160
LEAD_CHARS = 60
"""Context kept before the first matching word, so a snippet starts mid-thought only a little."""
DESCRIPTION_LIMIT = 4000
BATCH = 100
"""Films read, then indexed, per step: each step a few tens of ms in worker threads."""
HASHES_PER_READ = 2000
"""Films' content hashes read at a time: on PostgreSQL rows arrive on the event loop (a couple
of ms of its CPU for 2,000, 0.25 s for 100,000 at once)."""
TRIM_EVERY = 10
"""Batches indexed between two returns of freed memory to the system (``bot.memory``)."""
FILMS_KEPT = 256
"""Films read for results kept in memory, by content hash: popular searches show the same few."""
FIRST_BUILD_WAIT = 60.0
"""Seconds a search waits for the first build of the index (tens of seconds at 100k films)."""


@dataclass(frozen=True)
class Passage:
    """One piece of a film's text and where it sits; ``place`` is a spoiler-free label.

    A heading carries the text under it as ``context``: a heading alone says little.
    """

    place: str
    block: Block
    context: Block | None = None


def film_passages(film: FilmText) -> list[Passage]:
    """Every searchable text of a film with the level it is shown at."""
    passages = [Passage("Synopsis", Block(film.synopsis, SpoilerLevel.NONE))]
    if credits := credits_text(film.director, film.cast):
        passages.append(Passage("Cast and crew", Block(credits, SpoilerLevel.NONE)))
    for section in film.sections:
        place = SectionKind(section.kind).label
        body = Block(section.body, SpoilerLevel(section.level)) if section.body else None
        if section.heading:
            heading = Block(section.heading, SpoilerLevel(section.heading_level))
            passages.append(Passage(place, heading, body))
        if body:
            passages.append(Passage(place, body))
        for item in section.items:
            item_body = Block(item.body, SpoilerLevel(item.level))
            item_heading = Block(item.heading, SpoilerLevel(item.heading_level))
            passages.append(Passage(place, item_heading, item_body))
            passages.append(Passage(place, item_body))
    return passages


def credits_text(director: str | None, cast: Sequence[str] | None) -> str:
    credits = [f"Directed by {director}."] if director else []
    if cast:
        credits.append("With " + ", ".join(cast) + ".")
    return " ".join(credits)


def open_words(text: str, level: SpoilerLevel) -> str | None:
    """The words of a spoiler-free text left in the open beside its inline ``||spans||`` (the
    spans' words left out), or None for a text that is wholly open or wholly a spoiler: its
    plot level, or bars left unclosed, which hide all of it."""
    if level is not SpoilerLevel.NONE or effective_level(text, level) is SpoilerLevel.NONE:
        return None
    if bars_hide_less_than_meant(text):
        return None
    return strip_markup(text, spoiler_placeholder="·")


class FilmLabel(NamedTuple):
    """What a result names of its film, and what the catalog's entry is checked against."""

    id: int
    guild_id: int
    slug: str
    title: str
    year: int
    aliases: tuple[str, ...]
    content_hash: str

    def is_version(self, guild_id: int, slug: str) -> bool:
        """As ``FilmText.is_version``."""
        return (self.guild_id, self.slug) == (guild_id, slug)

    @property
    def version(self) -> tuple[int, str, str]:
        """What names the film version read: its guild id, slug and content hash."""
        return (self.guild_id, self.slug, self.content_hash)


_VALUE = {level: level.value for level in SpoilerLevel}
"""Each level's plain text (``.value`` is a Python-level property, a passage asks for two)."""
_RANK = {level: level.rank for level in SpoilerLevel}
_OF_RANK = {level.rank: level for level in SpoilerLevel}
ROW = 6
"""Values kept per passage (``SearchableFilm.rows``): its place, text, level, the rank of its
effective level (inline spans counted; None for a plot passage, ``LATER``), and its context's
text and level (None without one)."""
LATER = None
"""A plot passage's effective rank as kept: not worked out when the film is made. Its level
(plot, or ending for inline spans) is the costliest to work out (``has_bar_lookalikes``,
``bars_as_meant``: three quarters of a film's levels in a corpus of 10,000), and only a
search whose reader may find the film by its spoilers, and a passage holding the query's
words, ever asks for it (``best_passage``): none other can find the film by a plot passage,
whatever its inline spans (``open_words`` is None for it either way)."""


@dataclass(frozen=True, slots=True)
class SearchableFilm:
    """A film with its passages and their text as search compares it (``normalise``d), worked
    out once per film version: folding a film's text costs more than searching it.

    ``folded_open`` is what a reader who may not read the film's spoilers can find a passage
    by: all of a spoiler-free passage, the words outside the inline spans of one with spans,
    nothing of the rest (None).

    Kept in ``FilmSearch``'s cache, a film is put there in the middle of a burst of searches,
    and every young and middle collection until the next full one walks each tracked object
    it holds (``client.collector``). So it holds two: itself and its ``FilmLabel``. Its
    passages are one flat tuple of strings and numbers (``ROW`` a passage), which the first
    collection to meet it stops tracking (a tuple of tuples takes two collections, one for
    each level); ``passage`` makes a ``Passage`` of the one a result shows. (As a
    ``FilmText`` and a ``Passage`` and ``Block`` each, a film was some 115 tracked objects,
    and 256 films half of what each middle pass walked after a run of searches.)"""

    film: FilmLabel
    rows: tuple[Any, ...]
    folded: tuple[str, ...]
    folded_open: tuple[str | None, ...]

    @classmethod
    def of(cls, film: FilmText) -> SearchableFilm:
        passages = film_passages(film)
        folded = tuple(normalise(passage.block.text) for passage in passages)
        folded_open: list[str | None] = []
        rows: list[str | int | None] = []
        for passage, text in zip(passages, folded, strict=True):
            block, context = passage.block, passage.context
            rank: int | None
            if block.level is SpoilerLevel.PLOT:
                folded_open.append(None)  # found only by a reader of its spoilers
                rank = LATER
            else:
                level = block.effective_level  # ending at once: nothing is above it
                rank = _RANK[level]
                if level is SpoilerLevel.NONE:
                    folded_open.append(text)
                elif (words := open_words(block.text, block.level)) is not None:
                    folded_open.append(normalise(words))
                else:
                    folded_open.append(None)
            rows += (
                str(passage.place),
                block.text,
                _VALUE[block.level],
                rank,
                None if context is None else context.text,
                None if context is None else _VALUE[context.level],
            )
        label = FilmLabel(
            film.id,
            film.guild_id,
            film.slug,
            film.title,
            film.year,
            tuple(film.aliases or ()),
            film.content_hash,
        )
        return cls(label, tuple(rows), folded, tuple(folded_open))

    def effective_rank(self, number: int) -> int:
        """The rank of the ``number``-th passage's effective level (``LATER`` worked out)."""
        place = number * ROW
        rank: int | None = self.rows[place + 3]
        if rank is LATER:
            text, level = self.rows[place + 1], self.rows[place + 2]
            rank = _RANK[effective_level(text, SpoilerLevel(level))]
        return rank

    def known_levels(self, number: int) -> tuple[SpoilerLevel | None, SpoilerLevel | None]:
        """The effective levels of the ``number``-th passage and of its context as kept when
        the film was made, None where not worked out (a plot passage's, ``LATER``). A context
        is the body that follows its heading as a passage of its own (``film_passages``):
        its level is that passage's, where that passage is the same text at the same level."""
        rows, place = self.rows, number * ROW
        rank, context_text = rows[place + 3], rows[place + 4]
        context: SpoilerLevel | None = None
        after = place + ROW
        if (
            context_text is not None
            and after < len(rows)
            and (rows[after + 1], rows[after + 2]) == (context_text, rows[place + 5])
            and rows[after + 3] is not LATER
        ):
            context = _OF_RANK[rows[after + 3]]
        return (None if rank is LATER else _OF_RANK[rank]), context

    def passage(self, number: int) -> Passage:
        """The film's ``number``-th passage as ``film_passages`` gave it."""
        place, text, level, _rank, context_text, context_level = self.rows[
            number * ROW : (number + 1) * ROW
        ]
        context = None
        if context_text is not None:
            context = Block(context_text, SpoilerLevel(context_level))
        return Passage(place, Block(text, SpoilerLevel(level)), context)


def best_passage(
    searchable: SearchableFilm, terms: Sequence[str], *, spoilers: bool = True
) -> Passage:
    """As ``best_passage_number``, the passage itself."""
    return searchable.passage(best_passage_number(searchable, terms, spoilers=spoilers))


def best_passage_number(
    searchable: SearchableFilm, terms: Sequence[str], *, spoilers: bool = True
) -> int:
    """The number of the passage with the most query words, then the most matches, then the
    least spoilery.

    Without ``spoilers``, only spoiler-free text counts (``folded_open``): the film was found by
    its spoiler-free text, and a result naming where in the film a spoiler holds the words would
    say what that spoiler is about. A film found by its title (every word is in its title or an
    alias), or by nothing but its title, shows the start of its spoiler-free synopsis.
    """
    stored = searchable.film
    wanted = set(terms)
    if not wanted or wanted <= set(words(" ".join([stored.title, *stored.aliases]))):
        return 0

    pattern = any_word_of(wanted)
    best, best_rank = 0, (0, 0, 0)
    texts = searchable.folded if spoilers else searchable.folded_open
    for number, folded in enumerate(texts):
        if folded is None:
            continue  # a spoiler this reader may not find the film by
        if not any(term in folded for term in wanted):
            continue  # a substring test first: most passages hold no query word at all
        found = whole_words(pattern, folded)
        if not found:
            continue  # only the best when none has a query word, and then it is the synopsis
        rank = (len(set(found)), len(found), -searchable.effective_rank(number))
        if rank > best_rank:
            best, best_rank = number, rank
    return best


def any_word_of(terms: set[str]) -> re.Pattern[str]:
    """Any of ``terms`` (longest first) not followed by a letter or digit."""
    return re.compile(
        "(?:" + "|".join(map(re.escape, sorted(terms, key=len, reverse=True))) + r")(?![^\W_])"
    )


def whole_words(pattern: re.Pattern[str], text: str) -> list[str]:
    """What ``pattern`` (``any_word_of``) finds in ``text`` standing as whole words, as ``WORD``
    cuts them: not inside a longer word.

    The same as a pattern starting with the lookbehind ``(?<![^\\W_])``, which the regex engine
    tries at every position, at half its cost: a match preceded by a letter or digit is
    dropped, and the search goes on from the next position, as that pattern's would.
    """
    found: list[str] = []
    match = pattern.search(text)
    while match is not None:
        start = match.start()
        if start and text[start - 1].isalnum():
            match = pattern.search(text, start + 1)
        else:
            found.append(match[0])
            match = pattern.search(text, match.end())
    return found


@dataclass
class _Shown:
    """A result's text rendered for one reader, and the treatments it needed."""

    reader: Standing
    audience: Audience
    treatments: set[Treatment]

    def render(self, block: Block, text: str, known: SpoilerLevel | None = None) -> str:
        """``text``, a snippet of ``block``, at the block's level (inline spans count as ending);
        ``known``: the block's effective level, where the film already worked it out. A block
        above spoiler-free is never spoiler-free once its spans are counted: nothing to work
        out."""
        treatment = Treatment.SHOW
        if (
            block.level is not SpoilerLevel.NONE
            or (known or block.effective_level) is not SpoilerLevel.NONE
        ):
            treatment = listing_treatment(self.reader, self.audience)
        self.treatments.add(treatment)
        shown = render_text(
            text, treatment, inline_treatment=treatment, pointer=pointer_for(self.reader)
        )
        return f"*{shown}*" if treatment is Treatment.WITHHOLD else shown


def _result(
    number: int,
    film: FilmLabel,
    passage: Passage,
    wanted: Sequence[str],
    shown: _Shown,
    known: tuple[SpoilerLevel | None, SpoilerLevel | None] = (None, None),
) -> str:
    """``known``: the effective levels of the passage and its context, where already worked
    out (``SearchableFilm.known_levels``)."""
    label = escape_text(f"{film.title} ({film.year})")
    lines = [f"**{number}. {label}** · {escape_text(passage.place)}"]
    lines.append(shown.render(passage.block, snippet(passage.block.text, wanted), known[0]))
    if passage.context is not None:
        context_snippet = snippet(passage.context.text, (), CONTEXT_CHARS)
        context = shown.render(passage.context, context_snippet, known[1])
        if context != lines[-1]:  # one pointer is enough when both are withheld
            lines.append(context)
    return "\n".join(lines)


def snippet(text: str, terms: Sequence[str], limit: int = SNIPPET_CHARS) -> str:
    """Plain text around the first matching word, cut only between words.

    Inline spoiler words are kept: the caller treats the whole snippet at the block's level,
    which counts inline spans as ending.
    """
    plain = strip_markup(text, spoiler_placeholder=None)
    wanted = set(terms)
    start = 0
    if wanted:
        # ASCII folds letter for letter, so its words can be matched in the folded text at once.
        folded = plain.casefold() if plain.isascii() else None
        found = (
            (m.start() for m in WORD.finditer(folded) if m[0] in wanted)
            if folded is not None
            else (m.start() for m in WORD.finditer(plain) if normalise(m[0]) in wanted)
        )
        start = next(found, 0)
    lead: list[str] = []
    before = plain[:start].split()
    while before and len(" ".join([before[-1], *lead])) <= LEAD_CHARS:
        lead.insert(0, before.pop())
    head = ("… " if before else "") + " ".join(lead)
    return truncate_plain(f"{head} {plain[start:]}".strip(), limit)


def only_common_words(query: str) -> bool:
    """Whether every word of ``query`` is one nearly every film's text holds ("of the")."""
    terms = query_terms(query, MAX_TERMS)
    return bool(terms) and all(normalise(term) in FILLER_WORDS for term in terms)


class FilmSearch:
    def __init__(self, app: Epilogue) -> None:
        self._app = app
        self._index = SearchIndex()
        self._signature: tuple[Any, ...] | None = None
        self._checked: int | None = None
        """The catalogue generation the index was last brought up to date with."""
        self._update: asyncio.Task[None] | None = None
        self._films: LruCache[tuple[int, str], SearchableFilm] = LruCache(FILMS_KEPT)

    # --- the index ---------------------------------------------------------------------------

    async def index(self, wait: float | None = None) -> SearchIndex | None:
        """The index, brought up to date with the films table first.

        Updating runs as a task that outlives a caller who stops waiting after ``wait`` seconds:
        that caller gets the index as it is (stale for a moment after a mass import), or None
        while the very first build over thousands of films is still running.
        The catalogue is refreshed after every content change: until it is again, the films
        table has not changed since the last check, and the index needs none.
        """
        if self._app.catalog.generation == self._checked:
            return self._index
        if self._update is None or self._update.done():
            self._update = asyncio.create_task(self._bring_up_to_date())
        try:
            await asyncio.wait_for(asyncio.shield(self._update), wait)
        except TimeoutError:
            return self._index if self._signature is not None else None
        return self._index

    async def close(self) -> None:
        """Stop an index build still running (it holds a database connection), free the index."""
        if self._update is not None and not self._update.done():
            self._update.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._update
        self._index.close()

    async def _bring_up_to_date(self) -> None:
        generation = self._app.catalog.generation
        async with self._app.sessions() as session:
            signature = await content_stamp(await session.connection())
        if signature != self._signature:
            # Each read below sees the films as they are then, as new as ``signature`` or
            # newer: a film changed meanwhile is indexed with the hash of the text indexed,
            # and the revision moved since makes the next check look again.
            await self._sync()
            self._signature = signature
        self._checked = generation

    async def _sync(self) -> None:
        """Index the films changed since the last sync, a batch at a time, with no work on the
        event loop but handing each step on: the database reads run in worker threads for a
        SQLite file (``Reads.in_thread``), and everything done with what they read (which
        films changed, each text's spoiler level and open words) in the index's thread. A
        keystroke's choices arriving meanwhile wait behind no batch (``BATCH``)."""
        started = time.perf_counter()
        reads = self._app.reads
        # Which films changed, a page of content hashes at a time, each page compared with the
        # index's own hashes in its thread: no second map of every film's hash is held while
        # the films are indexed (some 20 MB at 100,000 films, and resident after).
        survey = _Survey()
        after = 0
        while page := await reads.in_thread(
            partial(read_content_hashes, after=after, limit=HASHES_PER_READ)
        ):
            after = next(reversed(page))  # read in order of id
            await self._index.run(survey.compare, self._index, page)
        changes = await self._index.run(survey.changes, self._index)
        index = SearchIndex() if changes.rebuild else self._index
        changed = changes.changed
        if changes.gone:
            await index.run(index.remove_all, changes.gone)
        for step, start in enumerate(range(0, len(changed), BATCH), start=1):
            # The rows go straight to the index's thread: none kept here while the next are read.
            await index.run(
                _add_rows,
                index,
                await reads.in_thread(
                    partial(read_index_rows, film_ids=changed[start : start + BATCH])
                ),
                trim=step % TRIM_EVERY == 0,
            )
        await index.run(release_free_memory)
        if changes.rebuild:
            self._index.close()
            self._index = index
        log.info(
            "search index: %d film(s) indexed, %d dropped, %d in all, in %.2f s",
            len(changed),
            len(changes.gone),
            len(index),
            time.perf_counter() - started,
        )

    # --- /film search ------------------------------------------------------------------------

    async def search(
        self, invocation: Invocation, query: str, *, private: bool = False
    ) -> Reply | Deferred:
        terms = query_terms(query, MAX_TERMS)
        if not terms:
            raise InvalidInput(
                "Type at least one word to search for, e.g. /film search query:observatory"
            )
        if only_common_words(query) and (
            self._app.catalog.resolve(invocation.guild_id, query) is None  # "The And"
        ):
            common = ", ".join(dict.fromkeys(normalise(term) for term in terms))
            raise InvalidInput(
                f"Your search is only common words ({common}), which nearly every film's"
                " text holds, so it finds nothing in particular. Search for a word that tells:"
                " a name, a place, a thing (e.g. /film search query:observatory); to look a"
                " film up by its title, use /film info film:."
            )
        # A DM is seen only by the reader.
        audience = Audience.PRIVATE if private or invocation.guild_id is None else Audience.PUBLIC
        return Deferred(
            audience is Audience.PRIVATE, partial(self._search, invocation, query, terms, audience)
        )

    async def _search(
        self, invocation: Invocation, query: str, terms: list[str], audience: Audience
    ) -> Reply:
        private = audience is Audience.PRIVATE
        # The member already sees "thinking…", so a first build is worth waiting for.
        index = await self.index(wait=FIRST_BUILD_WAIT)
        if index is None:
            return Reply.text(
                "Search is getting ready: it is reading every film for the first time."
                " Try again in a minute.",
                ephemeral=private,
            )
        wanted = [normalise(term) for term in terms]
        for _ in range(RULE_CHECKS):
            judge = await self._app.standings.judge(invocation)
            found, films = await self._find(index, invocation, query, terms, audience, judge)
            if not found:
                # The asker's alone, as every answer that finds nothing is, unless a public
                # "thinking…" already holds its place in the channel (``complete``).
                years = self._app.catalog.other_years(invocation.guild_id, query)
                raise NotFound(_nothing_found(query, terms, audience, judge, years))
            more = len(found) > MAX_RESULTS
            found = found[:MAX_RESULTS]
            standings = {films[f].film.slug: judge(films[f].film.slug) for f in found}
            shown_films = [(films[f], standings[films[f].film.slug]) for f in found]
            reply = await asyncio.to_thread(_results_reply, shown_films, wanted, audience, more)
            # Rendering takes time, in which a channel may have gone no-spoilers or a film
            # been embargoed: the results (which films, which passages) follow the rules in
            # force when they are sent.
            if await self._app.standings.of_many(invocation, sorted(standings)) == standings:
                return reply
        raise NotFound(RULES_MOVED)

    async def _find(
        self,
        index: SearchIndex,
        invocation: Invocation,
        query: str,
        terms: list[str],
        audience: Audience,
        judge: Callable[[str], Standing],
    ) -> tuple[list[int], dict[int, SearchableFilm]]:
        """The best films for ``terms`` this reader sees here, best first, read for results.
        The films the whole ``query`` names, as a film option reads a title typed into it
        ("seven" is Se7en, "lotr 2001" The Fellowship of the Ring, "amel" Amélie), come
        first, however often another film's text says its words, and whether or not the
        index holds every word typed (a year, the start of a word).

        A film's plot and ending text takes part only where the reader could read it in the
        open (``listing_treatment``): elsewhere it is found by its spoiler-free text alone.
        """
        catalog = self._app.catalog
        guild_id = invocation.guild_id

        def visible(film_id: int) -> bool:
            # Only a film the index holds as the catalogue knows it: an index still catching
            # up (a search stops waiting for it) ranks a changed film by its old text, where
            # words since moved into its ending are still read as open ones.
            entry = catalog.visible(guild_id, film_id)
            return entry is not None and revision(index.hash_of(film_id) or "") == entry.revision

        def reads_spoilers(film_id: int) -> bool:
            entry = catalog.visible(guild_id, film_id)
            return (
                entry is not None
                and listing_treatment(judge(entry.work), audience) is Treatment.SHOW
            )

        everywhere = listing_shows_spoilers(judge(""), audience)
        spoilers = reads_spoilers if everywhere is None else everywhere
        wanted = [normalise(term) for term in terms]

        # Each film's place among equal matches, worked out once a search: the ranking's sort
        # and each run of ties arranged ask for it again (its title's words cut each time).
        known: dict[tuple[int, str, int], tuple[bool, bool, int, str, int]] = {}

        def matched(entry: FilmEntry) -> tuple[bool, bool, int, str, int]:
            key = (entry.id, entry.title, entry.year)  # all that ``equal_match_order`` reads
            if (place := known.get(key)) is None:
                place = known[key] = equal_match_order(entry, wanted)
            return place

        def order(film_id: int) -> tuple[bool, bool, int, str, int]:
            entry = catalog.visible(guild_id, film_id)
            return matched(entry) if entry else (True, True, 0, "", film_id)

        # The ranking runs in the index's thread, the results are built in another: both take
        # milliseconds of CPU that other interactions' acknowledgements must not wait behind.
        # One more than is shown: whether more films match is told, not left to guess.
        def arrange(tied: list[int]) -> list[int]:
            entries = [catalog.visible(guild_id, film_id) for film_id in tied]
            if None in entries:
                return tied
            return in_series_order([e for e in entries if e is not None], wanted, matched)

        found = await index.run(
            index.search, terms, visible, MAX_RESULTS + 1, spoilers, order, arrange
        )
        named = [entry.id for entry in catalog.named_by(guild_id, query)]
        if named := [film_id for film_id in named if visible(film_id)]:
            # Its title is open text, so finding it by its name tells no one of its plot.
            # Several named ("dune", "oceans") come as equal matches do: newest first, a
            # series in its order, not in the order the film option lists them.
            named = arrange(sorted(named, key=order))
            found = list(dict.fromkeys([*named, *found]))[: MAX_RESULTS + 1]
        if not found:
            return [], {}

        def seen_version(film_id: int, version: tuple[int, str, str]) -> bool:
            # Only the version the server sees: a row id the catalog names may have gone to
            # another server's film since (SQLite reuses ids; a catalog can be behind). The
            # text shown is the one ranked: passages and their levels of that revision.
            row_guild_id, slug, content_hash = version
            entry = catalog.visible(guild_id, film_id)
            return (
                entry is not None
                and (row_guild_id, slug) == (entry.guild_id, entry.slug)
                and revision(content_hash) == entry.revision
            )

        # The one beyond those shown tells only whether more films match: its version is read
        # and checked, not its text (reading it and making it searchable was ~300 µs a search),
        # unless one shown is dropped and it takes that place.
        shown, beyond = found[:MAX_RESULTS], found[MAX_RESULTS:]
        films, versions = await self._films_for(index, shown, beyond)
        films = {
            film_id: film
            for film_id, film in films.items()
            if seen_version(film_id, film.film.version)
        }
        kept = [film_id for film_id in shown if film_id in films]
        for film_id in beyond:
            if (version := versions.get(film_id)) is None or not seen_version(film_id, version):
                continue
            if len(kept) < MAX_RESULTS:  # it is shown: read it as those are
                read, _ = await self._films_for(index, [film_id], [])
                film = read.get(film_id)
                if film is None or not seen_version(film_id, film.film.version):
                    continue
                films[film_id] = film
            kept.append(film_id)  # beyond five, only counted: ``_search`` shows five
        return kept, films

    async def _films_for(
        self, index: SearchIndex, film_ids: list[int], beyond: list[int]
    ) -> tuple[dict[int, SearchableFilm], dict[int, tuple[int, str, str]]]:
        """The films, with what a passage needs: those shown lately from memory (their content
        hash as the index has it names the very text), the others read now; and of ``beyond``
        (films only counted) what names their version (guild id, slug, content hash), in the
        same read."""
        films: dict[int, SearchableFilm] = {}
        versions: dict[int, tuple[int, str, str]] = {}
        for film_id in [*film_ids, *beyond]:
            key = (film_id, index.hash_of(film_id) or "")
            if (film := self._films.get(key)) is not None:
                if film_id in beyond:
                    versions[film_id] = film.film.version
                else:
                    films[film_id] = film
        missing = [film_id for film_id in film_ids if film_id not in films]
        unknown = [film_id for film_id in beyond if film_id not in versions]
        if missing or unknown:
            # Passages only: a result cites no source.
            read, read_versions = await self._app.reads(
                partial(_read_films_and_versions, film_ids=missing, versions_of=unknown)
            )
            versions.update(read_versions)
            for film_id, stored in read.items():
                films[film_id] = SearchableFilm.of(stored)
                self._films.put((film_id, stored.content_hash), films[film_id])
        return films, versions


_VERSIONS = select(Film.id, Film.guild_id, Film.slug, Film.content_hash).where(
    Film.id.in_(bindparam("film_ids", expanding=True))
)


def _read_films_and_versions(
    connection: Connection, film_ids: list[int], versions_of: list[int]
) -> tuple[dict[int, FilmText], dict[int, tuple[int, str, str]]]:
    """The texts of ``film_ids`` without sources, and of ``versions_of`` what names each
    stored film's version: its guild id, slug and content hash."""
    films = read_film_texts(connection, film_ids, sources=False) if film_ids else {}
    versions: dict[int, tuple[int, str, str]] = {}
    if versions_of:
        for film_id, guild_id, slug, content_hash in connection.execute(
            _VERSIONS, {"film_ids": versions_of}
        ):
            versions[film_id] = (guild_id, slug, content_hash)
    return films, versions


def equal_match_order(entry: FilmEntry, wanted: list[str]) -> tuple[bool, bool, int, str, int]:
    """Where films match a search equally well, the order a member expects: the film whose
    title is what they typed, then one whose title (not an alias) holds every word typed, then
    the newest (a remake before its original: the film people are talking about), then by
    title. Never the order files happened to be stored in."""
    title = words(entry.title)
    return (
        title != wanted,
        not set(wanted) <= set(title) | typed_words(entry.title, ()),
        -entry.year,
        entry.title.casefold(),
        entry.id,
    )


def in_series_order(
    entries: list[FilmEntry],
    wanted: list[str],
    matched: Callable[[FilmEntry], tuple[bool, bool, int, str, int]] | None = None,
) -> list[int]:
    """Ids of ``entries`` (matching a search equally well, in ``equal_match_order``), with the
    films of each series among those ordered alike by it in its order (``series_sorted``):
    The Godfather Part II before Part III, where the newest first put the later part first;
    The Lord of the Rings films as they came out. A film of another name keeps its place.
    ``matched``: ``equal_match_order`` as a search has it already worked out."""
    place = matched or (lambda entry: equal_match_order(entry, wanted))
    arranged = series_sorted(entries, alike=lambda entry: place(entry)[:2])
    return [entry.id for entry in arranged]


def _nothing_found(
    query: str,
    terms: list[str],
    audience: Audience,
    judge: Callable[[str], Standing],
    years: str | None = None,
) -> str:
    """Why nothing was found and what to try; ``years``: the query is a film's name with a
    year none of its films has, told as the film option tells it (``FilmCatalog.other_years``)."""
    private = audience is Audience.PRIVATE
    # What a member typed may itself be a spoiler: it is repeated only where it was asked
    # privately (a search asked in public may still be answered in public).
    shown = escape_text(truncate_plain(" ".join(query.split()), 100))
    what = f"“{shown}”" if private else "your search"
    if years is not None:
        # The name is a film's (open text); the year is what is wrong, not the words.
        return f"Nothing matches {what} with that year: {years}. {GIVE_YEAR}"
    # Every word must match: fewer words can only help a search of several.
    advice = (
        "try fewer words, or check the spelling"
        if len(terms) > 1
        else ("check the spelling, or try another word")
    )
    content = f"Nothing matches {what}: {advice}."
    if listing_shows_spoilers(judge(""), audience) is not True:
        content += (
            "\nPlot and ending text is searched only where you could read it openly: in a"
            " spoiler channel, or in a private search (`private:true`) for the films you have"
            " marked seen with `/spoilers seen`."
        )
    return content


def _results_reply(
    found: list[tuple[SearchableFilm, Standing]],
    wanted: list[str],
    audience: Audience,
    more: bool = False,
) -> Reply:
    """The results, best first, each film's passage treated by its reader's standing;
    ``more``: other films match too, beyond those given."""
    results: list[str] = []
    treatments: set[Treatment] = set()
    for number, (film, standing) in enumerate(found, start=1):
        shown = _Shown(standing, audience, treatments)
        spoilers = listing_treatment(standing, audience) is Treatment.SHOW
        best = best_passage_number(film, wanted, spoilers=spoilers)
        passage = film.passage(best)
        result = _result(number, film.film, passage, wanted, shown, film.known_levels(best))
        if sum(map(len, results)) + len(result) + 2 * len(results) > DESCRIPTION_LIMIT:
            more = True
            break
        results.append(result)
    footer = ["Best matches first"]
    if more:
        # The search shows a handful: a member looking for one film narrows it by words.
        footer = [f"The best {len(results)}: more films match, add words to narrow it"]
    if Treatment.WRAP in treatments:
        footer.append("Spoilers are hidden: click a black bar to read it")
    if Treatment.WITHHOLD in treatments:
        footer.append("Some spoilers are withheld here")
    embed = Embed(
        title="Search results",
        description="\n\n".join(results),
        footer=" · ".join([*footer, "Epilogue"]),
        colour=Colour.SPOILER if Treatment.WRAP in treatments else Colour.INFO,
    )
    return Reply(
        embeds=(embed,),
        ephemeral=audience is Audience.PRIVATE,
        suppress_embeds=True,
        place_bound=True,
        # A public search whose results may show spoiler text unwrapped (a spoiler channel's).
        opens_spoilers=audience is Audience.PUBLIC
        and any(listing_treatment(standing, audience) is Treatment.SHOW for _, standing in found),
    )


@dataclass(frozen=True)
class _Changes:
    """What a sync of the index does: the films to index (every film for a rebuild), and
    those to drop from the index kept."""

    changed: Sequence[int]
    gone: Sequence[int]
    rebuild: bool


class _Survey:
    """Which films changed since the index was brought up to date, worked out a page of the
    films' content hashes (``read_content_hashes``) at a time, in the index's thread: each page
    is compared with the index's hashes as it comes and let go. Film ids are kept in
    arrays (8 bytes a film), never the hashes themselves."""

    def __init__(self) -> None:
        self.ids = array("q")
        """Every film read, in order of id."""
        self.changed = array("q")
        self.indexed = 0
        """Films read that the index holds: fewer than it holds, and some are gone."""

    def compare(self, index: SearchIndex, page: dict[int, str]) -> None:
        """``page``: film id to content hash, in order of id, after every page compared."""
        for (film_id, digest), indexed in zip(
            page.items(), index.hashes_of(list(page)), strict=True
        ):
            if indexed != digest:
                self.changed.append(film_id)
            self.indexed += indexed is not None
        self.ids.extend(page)

    def changes(self, index: SearchIndex) -> _Changes:
        ids = self.ids
        gone: list[int] = []
        if self.indexed < len(index):
            gone = [film_id for film_id in index.film_ids() if not _holds(ids, film_id)]
        if index.dead + len(self.changed) + len(gone) > max(len(ids) // 4, BATCH):
            # Rebuilding is cheaper than carrying many dead documents around.
            return _Changes(ids, gone, rebuild=True)
        return _Changes(self.changed, gone, rebuild=False)


def _holds(ordered: Sequence[int], value: int) -> bool:
    """Whether ``ordered`` (ascending) holds ``value``."""
    at = bisect_left(ordered, value)
    return at < len(ordered) and ordered[at] == value


def read_content_hashes(connection: Connection, after: int, limit: int) -> dict[int, str]:
    """The content hashes of the first ``limit`` films after the id ``after``, by id (ids
    start at 1), for ``bot.db.reads``."""
    return dict(connection.execute(_HASHES, {"after": after, "limit": limit}).all())


_HASHES = (
    select(Film.id, Film.content_hash)
    .where(Film.id > bindparam("after"))
    .order_by(Film.id)
    .limit(bindparam("limit"))
)
_IDS = bindparam("film_ids", expanding=True)
_SECTION_ROWS = select(
    Section.film_id,
    Section.heading,
    Section.heading_level,
    Section.body,
    level_as_read(Section.level),
).where(Section.film_id.in_(_IDS))
_ITEM_ROWS = (
    select(Section.film_id, Item.heading, Item.heading_level, Item.body, level_as_read(Item.level))
    .join(Item, Item.section_id == Section.id)
    .where(Section.film_id.in_(_IDS))
)
_INDEXED_FILM_ROWS = select(
    Film.id, Film.content_hash, Film.title, Film.aliases, Film.director, Film.cast, Film.synopsis
).where(Film.id.in_(_IDS))


@dataclass(frozen=True)
class IndexRows:
    """The rows of films' searchable texts as read (``read_index_rows``), not yet prepared."""

    sections: Sequence[tuple[Any, ...]]
    items: Sequence[tuple[Any, ...]]
    films: Sequence[tuple[Any, ...]]


def read_index_rows(connection: Connection, film_ids: Sequence[int]) -> IndexRows:
    """The rows ``indexed_texts`` prepares, read in three queries and left as they are:
    preparing them costs many times reading them, and is done elsewhere (``bot.db.reads``)."""
    ids = {"film_ids": list(film_ids)}
    return IndexRows(
        connection.execute(_SECTION_ROWS, ids).all(),
        connection.execute(_ITEM_ROWS, ids).all(),
        connection.execute(_INDEXED_FILM_ROWS, ids).all(),
    )


def _add_rows(index: SearchIndex, rows: IndexRows, *, trim: bool = False) -> None:
    """Index the films ``rows`` holds (in the index's thread)."""
    index.add(indexed_texts(rows))
    if trim:
        release_free_memory()


def indexed_texts(rows: IndexRows) -> list[IndexedText]:
    """The searchable texts of the films of ``rows``, each text in the column of what reading
    it means (``film_passages`` puts every text at the same level)."""
    texts: dict[int, tuple[list[str], list[str]]] = {}

    def add(film_id: int, text: str | None, level: str) -> None:
        if text:
            spoiler_free = effective_level(text, SpoilerLevel(level)) is SpoilerLevel.NONE
            found = texts.setdefault(film_id, ([], []))
            found[0 if spoiler_free else 1].append(text)
            if (words := open_words(text, SpoilerLevel(level))) is not None:
                found[0].append(words)  # the words left in the open beside a span

    for film_id, heading, heading_level, body, level in rows.sections:
        add(film_id, heading, heading_level)
        add(film_id, body, level)
    for film_id, heading, heading_level, body, level in rows.items:
        add(film_id, heading, heading_level)
        add(film_id, body, level)
    indexed: list[IndexedText] = []
    for film_id, digest, title, aliases, director, cast, synopsis in rows.films:
        add(film_id, synopsis, SpoilerLevel.NONE)
        add(film_id, credits_text(director, cast), SpoilerLevel.NONE)
        spoiler_free, spoilers = texts.get(film_id, ([], []))
        names = [title, *(aliases or ())]
        # The words members type for the title that its own words lack ("walle", "oceans",
        # "2" of "Part II", its initials "eeaao"), so search finds the film as every film
        # command does; not initials that are a word, which a search for it means ("cat").
        typed_for = typed_words(title, aliases or ()) | (title_initials(title) - COMMON_ENGLISH)
        typed = sorted(typed_for - set(words(" ".join(names))))
        indexed.append(
            IndexedText(
                film_id,
                digest,
                "\n".join([*names, *([" ".join(typed)] if typed else [])]),
                "\n".join(spoiler_free),
                "\n".join(spoilers),
            )
        )
    return indexed


async def search_command(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.film_search.search(
        invocation, options["query"], private=options.get("private") or False
    )
