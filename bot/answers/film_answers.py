"""Member answers about films: ``/film info`` and the section views, and their buttons."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.answers.documents import (
    Block,
    Document,
    View,
    available_views,
    film_label,
    view_document,
)
from bot.answers.render import AnchorIds, needs_anchor, render_pages, reply_for_page
from bot.catalog import FilmEntry
from bot.db.models import AnswerAnchor, Film, Section
from bot.errors import NotFound
from bot.invocation import Invocation
from bot.levels import SpoilerLevel
from bot.replies import Colour, Deferred, Embed, EmbedField, Reply
from bot.spoilers.markup import Treatment, escape_text, truncate_plain
from bot.spoilers.policy import (
    REVEALED,
    Audience,
    Plan,
    Standing,
    audience_hangs_on_content,
    plan_reply,
)

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

PAGE_CACHE_SIZE = 512
"""Rendered answers kept for repeats and button presses (each a few pages of text)."""

_PageKey = tuple[int, str, View, int | None, Plan]


class _PageCache:
    """Rendered pages by everything that shapes them, least recently used dropped first.

    The film's content hash is in the key, so changed content never reuses old pages.
    Rendering runs in a worker thread: a long answer is tens of milliseconds of CPU, and the
    event loop must stay free to acknowledge other interactions within Discord's deadline.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._pages: OrderedDict[_PageKey, tuple[str, ...]] = OrderedDict()

    async def pages(
        self, film: Film, view: View, question: int | None, document: Document, plan: Plan
    ) -> list[str]:
        # The footer's note does not change the pages: answers that differ only there share them.
        key = (film.id, film.content_hash, view, question, replace(plan, why_private=""))
        pages = self._pages.get(key)
        if pages is None:
            pages = tuple(await asyncio.to_thread(render_pages, document, plan))
            self._pages[key] = pages
            if len(self._pages) > self._size:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(key)
        return list(pages)


class FilmAnswers:
    def __init__(self, app: Epilogue) -> None:
        self._app = app
        self._rendered = _PageCache(PAGE_CACHE_SIZE)
        self._writing = asyncio.Lock()

    def find(self, invocation: Invocation, text: str) -> FilmEntry:
        """The film the member named, or a NotFound that suggests close titles."""
        catalog = self._app.catalog
        entry = catalog.resolve(invocation.guild_id, text)
        if entry is not None:
            return entry
        shown = text.strip()[:80] or "(empty)"
        suggestions = catalog.suggestions(invocation.guild_id, text)
        hint = (
            " Did you mean " + ", ".join(f"**{e.label}**" for e in suggestions) + "?"
            if suggestions
            else " Use /film list to see every film."
        )
        raise NotFound(f"No film matches '{shown}'.{hint}")

    async def load(self, session: AsyncSession, film_id: int) -> Film:
        film = await session.scalar(
            select(Film)
            .where(Film.id == film_id)
            .options(
                selectinload(Film.sections).selectinload(Section.items),
                selectinload(Film.sources),
            )
        )
        if film is None:
            raise NotFound("That film is no longer available: it was removed or replaced.")
        return film

    async def info(
        self, invocation: Invocation, film: str, *, private: bool = False
    ) -> Reply | Deferred:
        entry = self.find(invocation, film)
        standing = await self._app.standings.standing(invocation, entry.id)
        if (plan := _plan_before_reading(standing, private)) is not None:
            return Deferred(plan.private, partial(self._info, entry.id, standing, private))
        # Whether the synopsis holds a spoiler decides who may see it: read it first.
        async with self._app.sessions() as session:
            stored = await self.load(session, entry.id)
        plan = plan_reply(
            standing, private_requested=private, has_spoilers=_synopsis(stored).has_spoilers
        )
        return Deferred(plan.private, partial(self._info, entry.id, standing, private, stored))

    async def _info(
        self, film_id: int, standing: Standing, private: bool, stored: Film | None = None
    ) -> Reply:
        if stored is None:
            async with self._app.sessions() as session:
                stored = await self.load(session, film_id)
        synopsis = _synopsis(stored)
        plan = plan_reply(standing, private_requested=private, has_spoilers=synopsis.has_spoilers)
        pages = render_pages(synopsis, plan)
        fields = [
            EmbedField("Director", escape_text(stored.director or "—"), inline=True),
            EmbedField("Released", _released(stored), inline=True),
        ]
        if stored.cast:
            fields.append(
                EmbedField("Cast", truncate_plain(escape_text(", ".join(stored.cast)), 1024))
            )
        views = available_views(stored)
        fields.append(
            EmbedField(
                "Explained here",
                "\n".join(f"`/film {v.value}` · {v.label}" for v in views) or "Nothing yet.",
            )
        )
        embed = Embed(
            title=film_label(stored),
            description=pages[0] if pages else None,
            fields=tuple(fields),
            footer="Spoiler-free card · Epilogue",
            colour=Colour.INFO,
        )
        return Reply(embeds=(embed,), ephemeral=plan.private, suppress_embeds=True)

    async def view(
        self,
        invocation: Invocation,
        film: str,
        view: View,
        *,
        private: bool = False,
        question: int | None = None,
    ) -> Reply | Deferred:
        """A section view. Who sees it is decided before anything is rendered (``Deferred``),
        from memory unless it hangs on whether this very text holds a spoiler."""
        entry = self.find(invocation, film)
        if not entry.kinds & {kind.value for kind in view.kinds}:
            raise NotFound(f"{_label(entry)} has no {view.label.lower()} yet.")
        standing = await self._app.standings.standing(invocation, entry.id)
        ask = _Asked(invocation, entry.id, view, question, standing, private)
        plan = _plan_before_reading(standing, private)
        if plan is not None and question is None:
            return Deferred(plan.private, partial(self._answer, ask))
        async with self._app.sessions() as session:
            stored = await self.load(session, entry.id)
        document = _document(stored, view, question)
        plan = plan_reply(standing, private_requested=private, has_spoilers=document.has_spoilers)
        return Deferred(plan.private, partial(self._answer, ask, stored))

    async def _answer(self, ask: _Asked, stored: Film | None = None) -> Reply:
        """Render the answer. Its plan is worked out from the text it shows, and
        ``bot.dispatch.complete`` refuses it should that ever ask for a wider audience than the
        acknowledgement went to."""
        if stored is None:
            async with self._app.sessions() as session:
                stored = await self.load(session, ask.film_id)
        document = _document(stored, ask.view, ask.question)
        plan = plan_reply(
            ask.standing, private_requested=ask.private, has_spoilers=document.has_spoilers
        )
        pages = await self._rendered.pages(stored, ask.view, ask.question, document, plan)
        anchor = None
        if needs_anchor(document, plan, pages):
            # One writer at a time: SQLite has one write lock, and a hundred answers queueing
            # for it inside SQLite time out where an asyncio lock just takes turns.
            async with self._writing, self._app.sessions() as session, session.begin():
                anchor = await self._anchor(
                    session, ask.invocation, ask.film_id, ask.view, ask.question, plan
                )
        return reply_for_page(document, plan, pages, 0, anchor)

    async def _anchor(
        self,
        session: AsyncSession,
        invocation: Invocation,
        film_id: int,
        view: View,
        question: int | None,
        plan: Plan,
    ) -> AnchorIds:
        row = AnswerAnchor(
            command=f"film.{view.value}",
            arguments={
                "film_id": film_id,
                "view": view.value,
                "question": question,
                "audience": plan.audience.value,
                "spoilers": plan.spoilers.name,
                "pointer": plan.pointer,
                "why_private": plan.why_private,
            },
            owner_id=invocation.user_id,
            guild_id=invocation.guild_id,
            channel_id=invocation.channel_id,
        )
        session.add(row)
        await session.flush()
        return AnchorIds(row.id)

    async def press(self, invocation: Invocation, custom_id: str) -> Reply:
        """A paging or Reveal button on a posted answer (works after a restart)."""
        parts = custom_id.split(":")
        if len(parts) < 4 or parts[0] != "epi" or parts[1] not in {"page", "rpage", "reveal"}:
            raise NotFound("This button is not from Epilogue, or is from an older version.")
        action, anchor_id, page = parts[1], int(parts[2]), int(parts[3])
        async with self._app.sessions() as session:
            anchor = await session.get(AnswerAnchor, anchor_id)
            if anchor is None or not anchor.command.startswith("film."):
                raise NotFound("This answer has expired: ask again.")
            if action == "page" and anchor.owner_id != invocation.user_id:
                return Reply.error("This isn't your menu: run the command yourself to page it.")
            args = anchor.arguments
            stored = await self.load(session, int(args["film_id"]))  # type: ignore[arg-type]
            view = View(str(args["view"]))
            asked = args.get("question")
            question = int(asked) if asked is not None else None
            document = view_document(stored, view, question)
            if action in {"reveal", "rpage"}:
                plan = REVEALED
            else:
                plan = Plan(
                    Audience(str(args["audience"])),
                    Treatment[str(args["spoilers"])],
                    str(args.get("pointer") or ""),
                    str(args.get("why_private") or ""),
                )
            reply_anchor = AnchorIds(anchor.id, revealed=plan is REVEALED)
        pages = await self._rendered.pages(stored, view, question, document, plan)
        if not pages:
            raise NotFound("This answer is empty now: the film's content changed.")
        reply = reply_for_page(document, plan, pages, page, reply_anchor)
        if action == "reveal":
            return reply.private()
        return Reply(
            embeds=reply.embeds,
            rows=reply.rows,
            ephemeral=reply.ephemeral,
            suppress_embeds=True,
            edits_original=True,
        )


@dataclass(frozen=True)
class _Asked:
    """One section-view question, as asked."""

    invocation: Invocation
    film_id: int
    view: View
    question: int | None
    standing: Standing
    private: bool


def _plan_before_reading(standing: Standing, private: bool) -> Plan | None:
    """The plan if it is the same with or without spoilers in the text (so the text need not be
    read before acknowledging), else None."""
    if audience_hangs_on_content(standing, private_requested=private):
        return None
    return plan_reply(standing, private_requested=private, has_spoilers=True)


def _document(film: Film, view: View, question: int | None) -> Document:
    document = view_document(film, view, question)
    if document.empty:
        raise NotFound(f"{film_label(film)} has no {view.label.lower()} yet.")
    return document


def _synopsis(film: Film) -> Document:
    return Document(film_label(film), (Block(film.synopsis, SpoilerLevel.NONE),))


def _label(entry: FilmEntry) -> str:
    return escape_text(entry.label)


def _released(film: Film) -> str:
    return film.release_date.isoformat() if film.release_date else str(film.year)
