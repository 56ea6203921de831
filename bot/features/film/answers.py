"""Member answers about films: ``/film info`` and the section topics, and their buttons."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.buttons import UNKNOWN, AnswerAction, AnswerButton
from bot.cache import LruCache
from bot.catalog import FilmEntry
from bot.content.works import revision
from bot.db.models import Film, Section
from bot.db.reads import ReadLater
from bot.errors import NotFound
from bot.features.film.documents import (
    Block,
    Document,
    Topic,
    available_topics,
    film_label,
    missing_topic,
    topic_document,
    topics_of,
)
from bot.features.film.film_text import FilmText, TopicText, read_film_text, read_topic_text
from bot.features.film.render import (
    AnswerButtons,
    footer_for,
    page_buttons,
    page_embed,
    page_reply,
    render_pages,
    reply_for_page,
)
from bot.features.film.stored_reads import read_stored_at_once, stored
from bot.features.film.stored_renders import (
    STORED_TREATMENTS,
    StoredTopic,
    _unpack_document,
    read_topic_answer,
)
from bot.invocation import Invocation
from bot.levels import SpoilerLevel
from bot.replies import Button, Colour, Deferred, Embed, EmbedField, Reply, Style
from bot.spoiler_policy.chunking import truncate_rendered
from bot.spoiler_policy.markup import Treatment, escape_text, render_each, render_text
from bot.spoiler_policy.policy import (
    REVEALED,
    ChannelMode,
    Plan,
    Standing,
    audience_hangs_on_content,
    opens,
    plan_reply,
    public_plan,
)

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)
T = TypeVar("T")

RULES_MOVED = (
    "The spoiler rules here kept changing while this answer was being prepared, so it was not"
    " sent: ask again."
)
RULE_CHECKS = 3
"""Renders an answer may take to meet the rules in force when it is sent (``_settled``)."""
GONE = "This film is no longer available here: it was removed, or this server cannot see it."
CHANGED = (
    "{label} has changed since this answer was posted, so its buttons no longer match it:"
    " ask again to see the current version."
)

PAGE_CACHE_SIZE = 512
"""Rendered answers kept for repeats and button presses (each a few pages of text)."""
TEXT_CACHE_SIZE = 2048
"""Topic texts kept, so a repeat is decided and answered without reading the database."""

RENDER_INLINE_CHARS = 20_000
"""Texts up to this long are rendered on the event loop (about 0.1 ms per 1,000 characters,
less than handing them to a thread costs); longer ones in a worker thread, so the loop stays
free to acknowledge other interactions within Discord's deadline."""
FILM_CACHE_SIZE = 256
"""Whole films' texts kept (read for ``/film info``), so a topic of a film just shown needs no
read; a topic of a film not kept reads that topic's sections only (``read_topic_text``)."""

WARM_FILMS = 24
"""Films whose answers are rendered before anyone asks (``to_warm``): a film club's whole
catalog, within what the page cache keeps (up to six topics in three treatments each)."""
_WARM_STANDINGS = (
    Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False),
    Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=True),
    Standing(in_guild=True, mode=ChannelMode.SPOILERS, opted_in=False),
)
"""The readers most answers go to: in a standard channel (wrapped, or unwrapped and private
for one who opted in) and in a spoiler channel. Anyone else's answer is rendered when asked."""

_KIND_VALUES = {topic: frozenset(kind.value for kind in topic.kinds) for topic in Topic}
"""Each topic's kinds of section as ``FilmEntry.kinds`` names them (``SectionKind`` values)."""

_TextKey = tuple[str, str, Topic, int | None]
"""Film version key, content revision, topic, question: names immutable text."""


class _Text:
    """A topic's text in one content revision, and whether it holds a spoiler.

    Read from a stored answer (``StoredTopic``), its document stays packed until a treatment
    whose pages were not stored asks for it: the stored pages need only its title. A first
    answer reads one treatment's stored pages and not the document (``read_stored_at_once``):
    then ``needs_document`` until ``FilmAnswers._pages`` reads it for this very revision."""

    __slots__ = ("_document", "_packed", "has_spoilers", "title")

    def __init__(self, document: Document | StoredTopic, has_spoilers: bool) -> None:
        self.has_spoilers = has_spoilers
        self.title = document.title
        self._document: Document | None = None
        self._packed: tuple[Any, ...] | None = None
        self.give(document)

    @property
    def needs_document(self) -> bool:
        """Whether the document must still be read (``give``) before ``document``."""
        return self._document is None and self._packed is None

    def give(self, document: Document | StoredTopic) -> None:
        """The document of this very text, read later (its pages are kept elsewhere)."""
        if isinstance(document, StoredTopic):
            self._packed = document.packed_document
        else:
            self._document = document

    @property
    def document(self) -> Document:
        if self._document is None:
            if self._packed is None:
                raise ValueError("this text's document was not read (``needs_document``)")
            self._document = _unpack_document(self._packed)
            self._packed = None
        return self._document


class _Rendered:
    """Topic texts and their rendered pages, by what shapes them and nothing else.

    Keys name a content revision, so changed content never reuses old text, and nothing about
    the reader: the pages of one (film revision, topic/question, treatment) are shared by every
    reader and page, and what differs per reader (footer note, buttons) is added after.
    A long text is rendered in a worker thread (``RENDER_INLINE_CHARS``), so the event loop
    stays free to acknowledge other interactions within Discord's deadline.
    """

    def __init__(self, texts: int, pages: int) -> None:
        self._texts: LruCache[_TextKey, _Text] = LruCache(texts)
        self._pages: LruCache[tuple[_TextKey, Treatment, str], tuple[str, ...]] = LruCache(pages)

    @staticmethod
    def _page_key(key: _TextKey, plan: Plan) -> tuple[_TextKey, Treatment, str]:
        # A plan's pointer shows only where it withholds text: pages of a plan that shows or
        # wraps are the same whatever its pointer (``render_blocks``), and so are shared.
        pointer = plan.pointer if plan.spoilers is Treatment.WITHHOLD else ""
        return (key, plan.spoilers, pointer)

    def text(self, key: _TextKey) -> _Text | None:
        return self._texts.get(key)

    def remember(self, key: _TextKey, document: Document) -> _Text:
        text = _Text(document, document.has_spoilers)
        self._texts.put(key, text)
        return text

    def remember_stored(self, key: _TextKey, stored: StoredTopic) -> _Text:
        """A stored answer (``stored_renders``): its text, and its pages for each treatment
        stored, as if rendered here."""
        text = _Text(stored, stored.has_spoilers)
        self._texts.put(key, text)
        self.remember_pages(key, stored)
        return text

    def remember_pages(self, key: _TextKey, stored: StoredTopic) -> None:
        """A stored answer's pages, for each treatment stored, as if rendered here."""
        for treatment, pages in stored.pages.items():
            self._pages.put((key, treatment, ""), pages)

    def rendered(self, key: _TextKey, plan: Plan) -> tuple[str, ...] | None:
        """The pages already rendered for this text and plan, if any."""
        return self._pages.get(self._page_key(key, plan))

    async def pages(self, key: _TextKey, text: _Text, plan: Plan) -> list[str]:
        page_key = self._page_key(key, plan)
        pages = self._pages.get(page_key)
        if pages is None:
            document = text.document
            if document.size <= RENDER_INLINE_CHARS:
                pages = tuple(render_pages(document, plan))
            else:
                pages = tuple(await asyncio.to_thread(render_pages, document, plan))
            self._pages.put(page_key, pages)
        return list(pages)


PREPARING_AT_ONCE = 4
"""Answers worked out ahead at once (``FilmAnswers.prepare``); more typing meanwhile is not
followed, so a crowd typing never queues work ahead of the answers being asked for."""


FIRST_PAGE_CACHE_SIZE = 1024
"""First pages of answers kept as replies (``_FirstPage``), by text and plan."""

_OWNER_PLACEHOLDER = 0
"""The asker a kept first page's button ids are built for; each reply names its own asker."""


_REPLY_REST = tuple(f.name for f in fields(Reply) if f.init and f.name != "rows")
"""A reply's fields but its buttons, as ``_FirstPage`` passes them on to each asker's copy."""

_KeptButton = tuple[str, str, Style, bool]
"""A kept first page's button: label, custom id up to its owner, style, disabled."""


class _FirstPage:
    """An answer's first page as a reply, built once per (text, plan): the same for every
    reader with that plan but for the asker its button ids name (their last field, which
    ``for_asker`` fills in). The text key names a content revision and the plan is decided
    from the rules of each ask, so changed content or rules never reuse one.

    Built from the page's parts (``build``: the embed, ``page_buttons`` and each button's id
    up to its owner), not from a reply built for a placeholder asker and taken apart again:
    a first answer builds one, and that round trip was most of it."""

    __slots__ = ("_reply", "_rest", "_rows")

    def __init__(self, reply: Reply, rows: tuple[tuple[_KeptButton, ...], ...]) -> None:
        self._reply = reply
        # The reply's other fields, as ``dataclasses.replace`` would pass them on, read once:
        # replace reads the dataclass's fields again for every asker.
        self._rest = {name: getattr(reply, name) for name in _REPLY_REST}
        self._rows = rows

    @classmethod
    def build(
        cls, key: _TextKey, title: str, plan: Plan, pages: Sequence[str], has_spoilers: bool
    ) -> _FirstPage:
        """Page 1 of ``pages`` as ``reply_for_page`` gives it, for any asker."""
        film_key, revision, topic, question = key
        ids = AnswerButtons(
            film_key,
            revision,
            topic.value,
            question,
            plan.spoilers,
            _OWNER_PLACEHOLDER,
            private=plan.private,
        )
        row = tuple(
            (button.label, ids.before_owner(button), button.style, button.disabled)
            for button in page_buttons(plan, len(pages), 0, has_spoilers)
        )
        embed = page_embed(title, plan, pages, 0, has_spoilers)
        return cls(page_reply(embed, (), plan, has_spoilers), (row,) if row else ())

    def for_asker(self, owner_id: int) -> Reply:
        if not self._rows:
            return self._reply
        owner = str(owner_id)
        # Loops, not nested generators: this is most of what a repeated answer costs the core.
        rows = tuple(
            [
                tuple(
                    [
                        _made(
                            Button,
                            {
                                "label": label,
                                "custom_id": prefix + owner,
                                "style": style,
                                "disabled": disabled,
                            },
                        )
                        for label, prefix, style, disabled in row
                    ]
                )
                for row in self._rows
            ]
        )
        return _made(Reply, {**self._rest, "rows": rows})


_MadeT = TypeVar("_MadeT", Button, Reply)


def _made(cls: type[_MadeT], values: dict[str, Any]) -> _MadeT:
    """``cls(**values)`` for a frozen dataclass whose every field ``values`` names, without its
    ``__init__``: a frozen one sets each field through ``object.__setattr__``, and a reply's
    fourteen and its buttons' cost an answer more than the rest of ``for_asker``. Only for
    classes with nothing in ``__init__`` beyond setting fields (``_MADE_PLAINLY``)."""
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


_MADE_PLAINLY = (Button, Reply)
for _cls in _MADE_PLAINLY:
    # Made by ``_made``: a check in ``__post_init__`` would be skipped, so there must be none.
    if hasattr(_cls, "__post_init__") or hasattr(_cls, "__slots__"):
        raise TypeError(f"{_cls.__name__} is no longer made by setting its fields alone")


class FilmAnswers:
    def __init__(self, app: Epilogue) -> None:
        self._app = app
        self._rendered = _Rendered(TEXT_CACHE_SIZE, PAGE_CACHE_SIZE)
        self._first_pages: LruCache[tuple[_TextKey, Plan], _FirstPage] = LruCache(
            FIRST_PAGE_CACHE_SIZE
        )
        self._films: LruCache[tuple[str, str], FilmText] = LruCache(FILM_CACHE_SIZE)
        self._preparing: set[tuple[_TextKey, int]] = set()

    async def load(self, session: AsyncSession, entry: FilmEntry) -> Film:
        """The version ``entry`` names, as stored: by its row id, and only while that row is
        still this server's version of this work (SQLite reuses a deleted row's id, and a
        catalog can be behind another process's change)."""
        film = await session.scalar(
            select(Film)
            .where(Film.id == entry.id, Film.guild_id == entry.guild_id, Film.slug == entry.slug)
            .options(
                selectinload(Film.sections).selectinload(Section.items),
                selectinload(Film.sources),
            )
        )
        if film is None:
            raise NotFound("That film is no longer available: it was removed or replaced.")
        return film

    async def info(
        self, invocation: Invocation, entry: FilmEntry, *, private: bool = False
    ) -> Reply | Deferred:
        standing = await self._app.standings.of(invocation, entry.work)
        if (plan := _plan_before_reading(standing, private)) is not None:
            return Deferred(plan.private, partial(self._info, invocation, entry, private))
        # Whether the card's text holds a spoiler decides who may see it: read it first.
        stored = await self.film_text(entry)
        plan = plan_reply(
            standing, private_requested=private, has_spoilers=_card(stored).has_spoilers
        )
        return Deferred(plan.private, partial(self._info, invocation, entry, private, stored))

    async def _info(
        self,
        invocation: Invocation,
        entry: FilmEntry,
        private: bool,
        stored: FilmText | None = None,
    ) -> Reply:
        """The card, from the same texts the topics read (kept per content revision): read
        through the ORM every time, it cost ten times a cached topic's answer. The rules are
        read again here, when it is rendered: they may have changed since the member asked."""
        if stored is None:
            stored = await self.film_text(entry)
        standing = await self._app.standings.of(invocation, entry.work)
        card = _card(stored)
        plan = plan_reply(standing, private_requested=private, has_spoilers=card.has_spoilers)
        director, synopsis = (_render_field(block, plan) for block in card.blocks[:2])
        # Each cast entry on its own: an author's spoiler bars pair within the entry.
        cast = render_each(
            (member for member in stored.cast if member.strip()),
            plan.treatment(SpoilerLevel.NONE),
            inline_treatment=plan.treatment(SpoilerLevel.ENDING),
            pointer=plan.pointer,
        )
        fields = [
            EmbedField("Director", director or "—", inline=True),
            EmbedField("Released", _released(stored), inline=True),
        ]
        if cast:
            fields.append(EmbedField("Cast", truncate_rendered(cast, 1024)))
        topics = available_topics(stored)
        fields.append(
            EmbedField(
                "Explained here",
                "\n".join(f"`/film {v.value}` · {v.label}" for v in topics) or "Nothing yet.",
            )
        )
        embed = Embed(
            title=film_label(stored),
            description=truncate_rendered(synopsis, 4000) or "*No synopsis yet.*",
            fields=tuple(fields),
            footer=footer_for(plan, 0, 1) if card.has_spoilers else "Spoiler-free card · Epilogue",
            colour=Colour.INFO,
        )
        return Reply(
            embeds=(embed,),
            ephemeral=plan.private,
            suppress_embeds=True,
            place_bound=True,
            opens_spoilers=card.has_spoilers and opens(plan),
        )

    async def topic(
        self,
        invocation: Invocation,
        entry: FilmEntry,
        topic: Topic,
        *,
        private: bool = False,
        question: int | None = None,
    ) -> Reply | Deferred:
        """A section topic. Who sees it is decided before anything is rendered (``Deferred``),
        from memory unless it hangs on whether this very text holds a spoiler."""
        if entry.kinds.isdisjoint(_KIND_VALUES[topic]):
            raise NotFound(missing_topic(_label(entry), topic, topics_of(entry.kinds)))
        standing = await self._app.standings.of(invocation, entry.work)
        key = (entry.key, entry.revision, topic, question)
        text = self._rendered.text(key)
        if text is None and self._app.reads.inline:
            # Not in memory: read now if that waits for nothing (a SQLite file, read on the
            # event loop: a deferred answer would read it there too, before any timer could
            # acknowledge it). A render stored with the film (``stored_renders``) is then
            # ready as a repeat is, and goes out as the reply itself, in one round trip.
            # The treatment a text with spoilers gets: the pages read are that one's (for
            # a reader opted in, a text without spoilers is wrapped: read again below).
            shows = plan_reply(standing, private_requested=private, has_spoilers=True).spoilers
            with contextlib.suppress(ReadLater):
                key, text = await self._text(entry, topic, question, at_once=shows)
        if text is not None:
            # Asked before, or read just now: when its pages for this plan are rendered too,
            # the reply is ready now, with no acknowledgement to agree with (its audience is
            # its own plan's, decided from rules read with nothing awaited since).
            plan = plan_reply(standing, private_requested=private, has_spoilers=text.has_spoilers)
            if (first := self._first_pages.get((key, plan))) is not None:
                return first.for_asker(invocation.user_id)
            if (pages := self._rendered.rendered(key, plan)) is not None or (
                pages := self._stored_pages(entry, key, plan)
            ) is not None:
                return self._first_page(key, text, plan, pages).for_asker(invocation.user_id)
        ask = _Asked(invocation, entry, topic, question, standing, private)
        if text is None:
            plan = _plan_before_reading(standing, private)
            if plan is not None and question is None:
                return Deferred(plan.private, partial(self._answer, ask))
            key, text = await self._text(entry, topic, question)
        plan = plan_reply(standing, private_requested=private, has_spoilers=text.has_spoilers)
        return Deferred(plan.private, partial(self._answer, ask, key, text))

    async def prepare(self, invocation: Invocation, entry: FilmEntry, topic: Topic) -> None:
        """Work out ahead the answer a member typing this film's title into ``/film <topic>``
        is about to ask for: the film's texts, the topic's document and the pages for the
        plan a plain (not private) ask would get, in the same memory the answer reads first.

        A first answer then costs what a repeat does. Nothing is shown or decided here: when
        the command comes, ``topic`` decides who sees what again, from the rules of that
        moment. Skipped when already done, already under way, or when ``PREPARING_AT_ONCE``
        others are.
        """
        if entry.kinds.isdisjoint(_KIND_VALUES[topic]):
            return
        key = (entry.key, entry.revision, topic, None)
        ours = (key, invocation.user_id)
        if ours in self._preparing or len(self._preparing) >= PREPARING_AT_ONCE:
            return
        self._preparing.add(ours)
        try:
            standing = await self._app.standings.of(invocation, entry.work)
            key, text = await self._text(entry, topic, None)
            plan = plan_reply(standing, private_requested=False, has_spoilers=text.has_spoilers)
            self._first_page(key, text, plan, await self._pages(entry, key, text, plan))
        except NotFound:
            pass  # removed meanwhile: the command, if it comes, says so
        finally:
            self._preparing.discard(ours)

    def to_warm(self) -> list[tuple[FilmEntry, Topic]]:
        """What ``warm`` works out when the bot starts: every topic of the ``WARM_FILMS``
        newest films every server sees (a film club's catalog is all of them)."""
        # nlargest, not a sort: one pass over a catalog that may hold 100,000 films.
        newest = heapq.nlargest(WARM_FILMS, self._app.catalog.films(None), key=_year)
        return [
            (entry, topic)
            for entry in newest
            for topic in Topic
            if not entry.kinds.isdisjoint(_KIND_VALUES[topic])
        ]

    async def warm(self, entry: FilmEntry, topic: Topic) -> None:
        """Render ``topic`` of ``entry`` for the readers most answers go to, before anyone
        asks, into the memory answers read first: a first answer then costs what a repeat
        does. Nothing is shown or decided here; each answer is still planned when asked."""
        try:
            key, text = await self._text(entry, topic, None)
        except NotFound:
            return  # removed meanwhile, or nothing to show: the command says so if asked
        for standing in _WARM_STANDINGS:
            plan = plan_reply(standing, private_requested=False, has_spoilers=text.has_spoilers)
            self._first_page(key, text, plan, await self._pages(entry, key, text, plan))

    async def _text(
        self,
        entry: FilmEntry,
        topic: Topic,
        question: int | None,
        *,
        at_revision: str | None = None,
        at_once: bool | Treatment = False,
    ) -> tuple[_TextKey, _Text]:
        """The topic's text in the revision the catalog names (or ``at_revision``), from memory
        when it was read before; else as stored now, under the revision it was read in.
        ``at_once``: never waiting (``Reads.at_once``): ``ReadLater`` when a read would; a
        treatment: a stored topic is read as that treatment's stored pages alone (the document
        is read when a page needs it: ``_pages``)."""
        key = (entry.key, at_revision or entry.revision, topic, question)
        if (text := self._rendered.text(key)) is not None:
            return key, text
        if self._films.get((entry.key, entry.revision)) is None:
            # Not in memory: read this topic's sections only (the whole film only if its
            # sources need it), not every text of the film.
            read: StoredTopic | TopicText | None
            if at_once is not False and stored(topic, question):
                # One statement, no transaction (``Reads.row_at_once``); else the same below.
                part = at_once if at_once in STORED_TREATMENTS else None
                read = read_stored_at_once(self._app.reads, entry.id, topic, part)
                if read is None:
                    reading = partial(read_topic_text, film_id=entry.id, topic=topic)
                    read = await self._read(reading, True)
            else:
                reading = partial(
                    read_topic_answer, film_id=entry.id, topic=topic, question=question
                )
                read = await self._read(reading, at_once is not False)
            if read is not None and read.is_version(entry.guild_id, entry.slug):
                key = (entry.key, revision(read.content_hash), topic, question)
                if isinstance(read, StoredTopic):
                    return key, self._rendered.remember_stored(key, read)
                if read.whole is not None:
                    self._films.put((entry.key, key[1]), read.whole)
                return key, self._rendered.remember(key, read.document)
            # Gone, replaced, or nothing of this topic: the whole film says which.
        film = await self.film_text(entry, at_once=at_once is not False)
        key = (entry.key, revision(film.content_hash), topic, question)
        document = _document(film, topic, question, lambda: film.citation_levels)
        return key, self._rendered.remember(key, document)

    async def film_text(self, entry: FilmEntry, *, at_once: bool = False) -> FilmText:
        """The film's texts in the revision the catalog names, from memory when another topic
        of it was asked for; else as stored now, kept under the revision it was read in."""
        if (film := self._films.get((entry.key, entry.revision))) is not None:
            return film
        film = await self._read(partial(read_film_text, film_id=entry.id), at_once)
        if film is None or not film.is_version(entry.guild_id, entry.slug):
            raise NotFound("That film is no longer available: it was removed or replaced.")
        self._films.put((entry.key, revision(film.content_hash)), film)
        return film

    def _stored_pages(self, entry: FilmEntry, key: _TextKey, plan: Plan) -> tuple[str, ...] | None:
        """The pages for ``plan`` of ``key``'s text from its stored render, read now, when
        they left memory before the text did (fewer pages are kept than texts): the row takes
        microseconds where rendering the text takes milliseconds. None: not a stored topic or
        treatment, a read that would wait (``ReadLater``), or no row for this very revision."""
        _film_key, at_revision, topic, question = key
        if (
            plan.spoilers not in STORED_TREATMENTS
            or not stored(topic, question)
            or not self._app.reads.inline
        ):
            return None
        try:
            read = read_stored_at_once(self._app.reads, entry.id, topic, plan.spoilers)
        except ReadLater:
            return None
        if (
            read is None
            or not read.is_version(entry.guild_id, entry.slug)
            or revision(read.content_hash) != at_revision
        ):
            return None
        self._rendered.remember_pages(key, read)
        return self._rendered.rendered(key, plan)

    async def _pages(self, entry: FilmEntry, key: _TextKey, text: _Text, plan: Plan) -> list[str]:
        """The pages for ``plan``: kept, else stored (``_stored_pages``), else rendered (the
        document read first when only stored pages were: ``_read_document``)."""
        missing = (
            self._rendered.rendered(key, plan) is None
            and self._stored_pages(entry, key, plan) is None
        )
        if missing and text.needs_document:
            await self._read_document(entry, key, text)
        return await self._rendered.pages(key, text, plan)

    async def _read_document(self, entry: FilmEntry, key: _TextKey, text: _Text) -> None:
        """The document of ``key``'s text, read as stored now for that very revision: read
        first as one treatment's stored pages, its document was left unread. Content changed
        since is not this text's: the answer says so, as a press on an old answer does."""
        _film_key, at_revision, topic, question = key
        reading = partial(read_topic_answer, film_id=entry.id, topic=topic, question=question)
        read = await self._app.reads(reading)
        if (
            read is None
            or not read.is_version(entry.guild_id, entry.slug)
            or revision(read.content_hash) != at_revision
        ):
            raise NotFound(CHANGED.format(label=_label(entry)))
        if isinstance(read, StoredTopic):
            text.give(read)
            self._rendered.remember_pages(key, read)
        else:
            text.give(read.document)

    async def _read(self, read: Callable[[Connection], T], at_once: bool) -> T:
        """``read`` through ``app.reads``; ``at_once``: now or ``ReadLater`` (``Reads.at_once``)."""
        if at_once:
            return self._app.reads.at_once(read)
        return await self._app.reads(read)

    async def _answer(
        self, ask: _Asked, key: _TextKey | None = None, text: _Text | None = None
    ) -> Reply:
        """Render the answer. Its plan is worked out from the text it shows, and
        ``bot.dispatch.complete`` refuses it should that ever ask for a wider audience than the
        acknowledgement went to."""
        if key is None or text is None:
            key, text = await self._text(ask.film, ask.topic, ask.question)

        def plan_for(standing: Standing) -> Plan:
            return plan_reply(
                standing, private_requested=ask.private, has_spoilers=text.has_spoilers
            )

        plan, pages = await self._settled(
            ask.invocation, ask.film, ask.standing, plan_for, key, text
        )
        return self._reply(ask, key, text, plan, pages)

    async def _settled(
        self,
        invocation: Invocation,
        entry: FilmEntry,
        standing: Standing,
        plan_for: Callable[[Standing], Plan],
        key: _TextKey,
        text: _Text,
    ) -> tuple[Plan, list[str]]:
        """The plan and pages for the rules in force once the pages are rendered.

        ``standing`` was read when the member asked (or pressed); reading and rendering the
        text take time, in which a moderator may make the channel no-spoilers or embargo the
        film. The answer follows the rules of the moment it is sent: when they moved, it is
        planned and rendered again (an answer that now goes private is then refused by
        ``dispatch.complete``, as its acknowledgement was public).
        """
        for _ in range(RULE_CHECKS):
            plan = plan_for(standing)
            pages = await self._pages(entry, key, text, plan)
            now = await self._app.standings.of(invocation, entry.work)
            if now == standing:
                return plan, pages
            standing = now
        raise NotFound(RULES_MOVED)

    def _reply(
        self, ask: _Asked, key: _TextKey, text: _Text, plan: Plan, pages: Sequence[str]
    ) -> Reply:
        """The first page of an answer, with its buttons."""
        return self._first_page(key, text, plan, pages).for_asker(ask.invocation.user_id)

    def _first_page(
        self, key: _TextKey, text: _Text, plan: Plan, pages: Sequence[str]
    ) -> _FirstPage:
        """The first page of ``key``'s text for ``plan`` as a reply to any asker, built once and
        kept: answers worked out ahead (``prepare``, ``warm``) build it too, so that the first
        ask costs what a repeat does."""
        if (first := self._first_pages.get((key, plan))) is None:
            first = _FirstPage.build(key, text.title, plan, pages, text.has_spoilers)
            self._first_pages.put((key, plan), first)
        return first

    async def press(
        self, invocation: Invocation, button: AnswerButton, *, on_private_message: bool
    ) -> Reply:
        """A paging or Reveal button on a posted answer, decided again now.

        The button names a film version and its content revision; the film must still be
        visible here with that very content, and today's rules, not those of the moment the
        answer was posted, decide what the page may show (``on_private_message``: whether the
        message carrying the button is seen by its reader only; when unsure, say False). It
        counts only where the button was posted on a private message too: a public answer's
        button, pressed with its message described as ephemeral (a forged or replayed
        ``flags``), is turned as a public message's. A page for the presser alone replaces the
        pressed message only where Discord confirms that message is private (the adapter
        asks it); both marks are the press's own description, which a forged one writes.
        """
        on_private_message = on_private_message and button.private
        catalog = self._app.catalog
        entry = catalog.by_key(invocation.guild_id, button.film_key)
        if entry is None:
            # A global film this server has made its own copy of since: changed, not gone.
            copy = catalog.copy_of(invocation.guild_id, button.film_key)
            raise NotFound(GONE if copy is None else CHANGED.format(label=_label(copy)))
        if entry.revision != button.revision:
            raise NotFound(CHANGED.format(label=_label(entry)))
        try:
            topic = Topic(button.topic)
        except ValueError:
            raise NotFound(UNKNOWN) from None
        if button.action is AnswerAction.PAGE and button.owner_id != invocation.user_id:
            # The line that asks for the same answer: the member reads it at their own pace.
            asked = f"/film {topic.value} film:{escape_text(entry.title)}"
            if button.question is not None:
                asked += f" question:{button.question + 1}"
            return Reply.error(
                "This isn't your menu: only the member who asked turns its pages. To page"
                f" through it yourself, run {asked} (add private:true for an answer only you"
                " see)."
            )
        key, text = await self._text(entry, topic, button.question, at_revision=button.revision)
        if key[1] != button.revision:
            raise NotFound(CHANGED.format(label=_label(entry)))
        revealed = button.action is not AnswerAction.PAGE
        if revealed:
            plan = REVEALED
            pages = await self._pages(entry, key, text, plan)
        else:

            def plan_for(standing: Standing) -> Plan:
                if on_private_message or not standing.in_guild:
                    # Private as the rules would send it (so its footer keeps saying why),
                    # else private because the asker asked for that.
                    plan = plan_reply(standing, private_requested=False, has_spoilers=True)
                    if not plan.private:
                        plan = plan_reply(standing, private_requested=True, has_spoilers=True)
                else:
                    plan = public_plan(standing)
                # The message never shows more than it did when posted, even if the rules
                # allow it.
                return replace(plan, spoilers=plan.spoilers.at_least(button.treatment))

            standing = await self._app.standings.of(invocation, entry.work)
            plan, pages = await self._settled(invocation, entry, standing, plan_for, key, text)
        buttons = AnswerButtons(
            entry.key,
            button.revision,
            topic.value,
            button.question,
            plan.spoilers,
            button.owner_id,
            revealed=revealed,
            private=revealed or on_private_message,
        )
        reply = reply_for_page(text.title, plan, pages, button.page, buttons, text.has_spoilers)
        private = revealed or plan.private
        if button.action is AnswerAction.REVEAL or (private and not on_private_message):
            # A new message for the presser alone: an edit keeps the audience of the message
            # it edits, and this one is (or may be) seen by others.
            return reply.private()
        # A private page edits the pressed message only once Discord itself says it is
        # private (the adapter reads it: ``Reply.edits_original``); the press's own word, its
        # ``flags`` and the id's private mark, anyone may write into a forged one.
        return replace(reply, ephemeral=private, edits_original=True)


@dataclass(frozen=True)
class _Asked:
    """One section-topic question, as asked."""

    invocation: Invocation
    film: FilmEntry
    topic: Topic
    question: int | None
    standing: Standing
    private: bool


def _plan_before_reading(standing: Standing, private: bool) -> Plan | None:
    """The plan if it is the same with or without spoilers in the text (so the text need not be
    read before acknowledging), else None."""
    if audience_hangs_on_content(standing, private_requested=private):
        return None
    return plan_reply(standing, private_requested=private, has_spoilers=True)


def _document(
    film: FilmText,
    topic: Topic,
    question: int | None,
    film_levels: Callable[[], Mapping[int, SpoilerLevel]] | None = None,
) -> Document:
    document = topic_document(film, topic, question, film_levels=film_levels)
    if document.empty:
        raise NotFound(missing_topic(film_label(film), topic, available_topics(film)))
    return document


def _card(film: FilmText) -> Document:
    """``/film info``'s text: director, cast and synopsis are spoiler-free unless an author
    marked a ``||span||`` in them, and then they count like any other spoiler."""
    return Document(
        film_label(film),
        (
            Block(film.director or "", SpoilerLevel.NONE),
            Block(film.synopsis or "", SpoilerLevel.NONE),
            # One block per entry: each is its own text, its spans pair within it.
            *(Block(member, SpoilerLevel.NONE) for member in film.cast),
        ),
    )


def _render_field(block: Block, plan: Plan) -> str:
    if not block.text.strip():
        return ""
    return render_text(
        block.text,
        plan.treatment(block.level),
        inline_treatment=plan.treatment(SpoilerLevel.ENDING),
        pointer=plan.pointer,
    )


def _year(entry: FilmEntry) -> int:
    return entry.year


def _label(entry: FilmEntry) -> str:
    return film_label(entry)


def _released(film: FilmText) -> str:
    return film.release_date.isoformat() if film.release_date else str(film.year)
