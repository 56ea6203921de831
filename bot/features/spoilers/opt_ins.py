"""Members' personal spoiler opt-ins, which follow them to every server.

Stored per user, never per server: a server only decides whether it honours them
(``/spoiler-rules optin``), which every reply here says when it matters.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.buttons import SeenPageButton
from bot.catalog import FilmEntry, shelf_order
from bot.db import upsert
from bot.db.models import GuardOptOut, GuildSettings, ReaderSettings, SeenFilm, utcnow
from bot.invocation import Invocation
from bot.labels import bold_film_label
from bot.line_fitting import EMBED_CHARS, EMBED_FIELDS, fit_in_fields, pages_of_lines
from bot.paging import check_page
from bot.replies import Button, Embed, EmbedField, Reply
from bot.spoiler_policy.rule_texts import channel_origin, embargo_lines_in_force, mode_text
from bot.spoiler_policy.stored_rules import guild_settings, load_guild_rules

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

SHOWN_TO_YOU = "plot and ending details come to you privately and unwrapped"
PUBLIC_STAYS_WRAPPED = "Public answers stay wrapped for everyone else."

READERS = ReaderSettings.__table__
SEEN = SeenFilm.__table__
EMBARGOED = "Embargoed here (spoilers only sent privately)"
SEEN_PAGE_CHARS = 3500
"""One page of the films a member marked seen: the embed's 4,096 characters less the rest of
its description, with room left in the message's 6,000 for the server's fields."""


class SpoilerOptIns:
    def __init__(self, app: Epilogue) -> None:
        self._app = app

    async def all_films(self, invocation: Invocation, on: bool) -> Reply:
        """``/spoilers on|off``: all-films mode; films marked seen are kept either way."""
        user_id = invocation.user_id
        async with self._app.sessions() as session, session.begin():
            self._app.standings.reader_changed(session, user_id)
            changed = await _set_all_films(session, user_id, on)
            seen = await _seen_count(session, user_id)
            notes = await _server_notes(session, invocation, hiding=not on)
        was_on = on != changed
        if was_on != on:
            log.info("user %s turned all-films spoilers %s", user_id, "on" if on else "off")
        if on:
            head = (
                "Nothing changed: spoilers for every film were already on for you."
                if was_on
                else f"✅ Spoilers for every film are on for you: their {SHOWN_TO_YOU}, in every"
                f" server and in DMs. {PUBLIC_STAYS_WRAPPED} Undo with /spoilers off."
            )
        else:
            head = (
                "✅ Spoilers for every film are off for you."
                if was_on
                else "Nothing changed: spoilers for every film were not on for you."
            )
            head += (
                f" You still have {_films(seen)} marked seen: /spoilers status"
                if seen
                else " No films are marked seen, so every spoiler is hidden from you."
            )
        return Reply.text(head + notes)

    async def mark_seen(self, invocation: Invocation, entry: FilmEntry) -> Reply:
        label = bold_film_label(entry)
        user_id = invocation.user_id
        async with self._app.sessions() as session, session.begin():
            self._app.standings.reader_changed(session, user_id)
            # Any version of the film counts: a server's own copy is the same film.
            marked = await session.execute(
                upsert.insert(session, SEEN)
                .values(
                    user_id=user_id,
                    work=entry.work,
                    title=entry.title,
                    year=entry.year,
                    created_at=utcnow(),
                )
                .on_conflict_do_nothing(index_elements=[SEEN.c.user_id, SEEN.c.work])
                .returning(SEEN.c.user_id)
            )
            already = marked.first() is None
            notes = await _server_notes(session, invocation, hiding=False)
        if already:
            return Reply.text(f"Nothing changed: {label} is already marked seen.{notes}")
        log.info("user %s marked film %s seen", user_id, entry.id)
        return Reply.text(
            f"✅ Marked {label} as seen: its {SHOWN_TO_YOU}, in every server and in DMs."
            f" {PUBLIC_STAYS_WRAPPED} Undo with /spoilers unseen.{notes}"
        )

    async def mark_unseen(self, invocation: Invocation, entry: FilmEntry) -> Reply:
        label = bold_film_label(entry)
        user_id = invocation.user_id
        async with self._app.sessions() as session, session.begin():
            self._app.standings.reader_changed(session, user_id)
            # Every version of the film: a mark on any of them would still count.
            unmarked = await session.execute(
                delete(SEEN)
                .where(SEEN.c.user_id == user_id, SEEN.c.work == entry.work)
                .returning(SEEN.c.user_id)
            )
            was_marked = unmarked.first() is not None
            reader = await session.get(ReaderSettings, user_id)
            notes = await _server_notes(session, invocation, hiding=True)
        if reader is not None and reader.all_films:
            notes = (
                " You still have spoilers for every film on, so you keep seeing this film's:"
                " /spoilers off." + notes
            )
        if not was_marked:
            return Reply.text(f"Nothing changed: {label} was not marked seen.{notes}")
        log.info("user %s marked film %s unseen", user_id, entry.id)
        return Reply.text(f"✅ {label} is no longer marked seen.{notes}")

    async def status(
        self, invocation: Invocation, *, page: int = 0, pressed: bool = False, typed: bool = False
    ) -> Reply:
        """What the member opted into and, in a server, how its rules treat them here; the
        films they marked seen a page at a time (``page`` from 0; a button's is clamped, a
        ``typed`` one past the last refused saying how many there are), with buttons to turn
        it (``pressed``: a press of one, which edits the message)."""
        user_id = invocation.user_id
        async with self._app.sessions() as session:
            reader = await session.get(ReaderSettings, user_id)
            seen = (
                await session.execute(
                    select(SeenFilm.title, SeenFilm.year).where(SeenFilm.user_id == user_id)
                )
            ).all()
            # In /film list's order (a database's collation puts "zodiac" after "WALL·E").
            seen.sort(key=lambda film: shelf_order(film.title, film.year))
            here = await _here_fields(session, invocation)
        all_films = reader is not None and reader.all_films
        lines = [
            "**Every film:** on: spoilers of every film come to you privately and unwrapped."
            if all_films
            else "**Every film:** off (/spoilers on turns it on).",
            "",
        ]
        pages = pages_of_lines([f"• {bold_film_label(film)}" for film in seen], SEEN_PAGE_CHARS)
        if typed:
            check_page(page + 1, len(pages), "the list of films you marked seen")
        page = max(0, min(page, len(pages) - 1))
        if seen:
            lines.append(f"**Films you marked seen ({len(seen)}):**")
            lines += pages[page]
        else:
            lines.append("**Films you marked seen:** none (/spoilers seen film: adds one).")
        title = "Your spoiler settings"
        description = "\n".join(lines)
        footer = "Your settings follow you to every server and DM · only you see this"
        rows: tuple[tuple[Button, ...], ...] = ()
        if len(pages) > 1:
            footer = f"Films seen: page {page + 1}/{len(pages)} · {footer}"
            rows = (
                (
                    Button("◀ Previous", SeenPageButton(page - 1).encode(), disabled=page == 0),
                    Button(
                        "Next ▶", SeenPageButton(page + 1).encode(), disabled=page == len(pages) - 1
                    ),
                ),
            )
        # A server's embargoes go on in further fields, within what one message holds.
        room = EMBED_CHARS - len(title) - len(description) - len(footer)
        room -= sum(len(f.name) + len(f.value) for f in here if f.name != EMBARGOED)
        fields: list[EmbedField] = []
        for field in here:
            if field.name != EMBARGOED:
                fields.append(field)
                continue
            parts = fit_in_fields(
                EMBARGOED, field.value.split("\n"), chars=room, fields=EMBED_FIELDS - len(here) + 1
            )
            fields += [EmbedField(name, value) for name, value in parts]
        embed = Embed(title=title, description=description, fields=tuple(fields), footer=footer)
        return Reply(embeds=(embed,), rows=rows, ephemeral=True, edits_original=pressed)


async def _set_all_films(session: AsyncSession, user_id: int, on: bool) -> bool:
    """Store the member's all-films choice; True if it changed.

    The row is created with the default (off) if missing, then updated only where it differs:
    of several identical requests at once exactly one sees its update change a row.
    """
    await session.execute(
        upsert.insert(session, READERS)
        .values(user_id=user_id, all_films=False, updated_at=utcnow())
        .on_conflict_do_nothing(index_elements=[READERS.c.user_id])
    )
    updated = await session.execute(
        update(READERS)
        .where(READERS.c.user_id == user_id, READERS.c.all_films.is_distinct_from(on))
        .values(all_films=on, updated_at=utcnow())
        .returning(READERS.c.user_id)
    )
    return updated.first() is not None


async def _seen_count(session: AsyncSession, user_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(SeenFilm).where(SeenFilm.user_id == user_id)
    )
    return count or 0


def _films(count: int) -> str:
    return f"{count} film" if count == 1 else f"{count} films"


async def _server_notes(session: AsyncSession, invocation: Invocation, *, hiding: bool) -> str:
    """What this server adds to a change: it may ignore opt-ins, or its role may keep them on."""
    if invocation.guild_id is None:
        return ""
    settings = await guild_settings(session, invocation.guild_id)
    if not settings.optin_enabled:
        return (
            "\nNote: this server ignores opt-ins, so here spoilers stay hidden from you"
            " outside spoiler channels."
        )
    if hiding and _has_optin_role(settings, invocation):
        return (
            f"\nNote: you have this server's opt-in role <@&{settings.optin_role_id}>, so here"
            " you still count as opted in to every film."
        )
    return ""


def _has_optin_role(settings: GuildSettings, invocation: Invocation) -> bool:
    return settings.optin_role_id is not None and settings.optin_role_id in invocation.role_ids


async def _here_fields(session: AsyncSession, invocation: Invocation) -> tuple[EmbedField, ...]:
    if invocation.guild_id is None:
        return (
            EmbedField(
                "Here (DM)",
                "Answers in DMs are only for you and follow your own settings above.",
            ),
        )
    guild_id = invocation.guild_id
    rules = await load_guild_rules(session, guild_id)
    if rules.optin_enabled:
        optins = "Honoured: your settings above apply here."
    else:
        optins = "Ignored: here spoilers stay hidden from you outside spoiler channels."
    if rules.optin_role_id is None:
        role = "This server has no opt-in role."
    elif not invocation.server_installed:
        # Its rules stay from before it removed Epilogue: the role grants nothing any more.
        role = f"<@&{rules.optin_role_id}> counts for no one: Epilogue is not installed here."
    elif not rules.optin_enabled:
        # Off with the other opt-ins: telling a member who has it that they count as opted
        # in would contradict the line above.
        have = "you have it" if rules.optin_role_id in invocation.role_ids else "you don't"
        role = f"<@&{rules.optin_role_id}> is ignored while opt-ins are off here ({have})."
    elif rules.optin_role_id in invocation.role_ids:
        role = f"You have <@&{rules.optin_role_id}>: you count as opted in to every film here."
    else:
        role = f"<@&{rules.optin_role_id}> counts as opted in to every film; you don't have it."
    unknown = invocation.parent_unknown
    mode = rules.mode(
        invocation.channel_id,
        invocation.parent_channel_id,
        parent_unknown=unknown,
        may_open=invocation.rules_may_open,
    )
    origin = await channel_origin(
        session,
        guild_id,
        invocation.channel_id,
        invocation.parent_channel_id,
        parent_unknown=unknown,
    )
    if mode is not rules.mode(
        invocation.channel_id, invocation.parent_channel_id, parent_unknown=unknown
    ):  # a spoilers rule read as standard (``GuildRules.mode``): say why, not only whose
        if invocation.publishable:
            why = "posts here can be published to other servers"
        elif not invocation.server_installed:
            why = "this server no longer has Epilogue installed"
        else:
            why = (
                "Epilogue cannot tell here what kind of channel this is, and an announcement"
                " channel's posts can be published to other servers"
            )
        origin = f"{origin}, which opens answers, but {why}"
    embargoes = await embargo_lines_in_force(session, guild_id, invocation.embargo_day)
    fields = [
        EmbedField("Opt-ins in this server", optins),
        EmbedField("Opt-in role", role),
        EmbedField("This channel", f"{mode_text(mode)}, from {origin}."),
    ]
    if embargoes:
        # Whole: ``status`` fits it, with the room its other text leaves.
        fields.append(EmbedField(EMBARGOED, "\n".join(embargoes)))
    opted_out = await session.get(GuardOptOut, (invocation.user_id, guild_id)) is not None
    fields.append(EmbedField("Spoiler guard", await _guard_text(session, guild_id, opted_out)))
    return tuple(fields)


async def _guard_text(session: AsyncSession, guild_id: int, opted_out: bool) -> str:
    """The spoiler guard as it treats this member's messages here: a choice they make per
    server (/spoiler guard-me) and can forget, so status says it."""
    if opted_out:
        return (
            "You opted out: it leaves your messages here alone"
            " (/spoiler guard-me enabled:true undoes it)."
        )
    settings = await guild_settings(session, guild_id)
    if not settings.guard_enabled:
        return "Off in this server."
    films = "every film" if settings.guard_all_films else "embargoed films"
    return (
        f"On for {films}: a message of yours that gives an ending away is reposted behind"
        " spoiler bars (/spoiler guard-me enabled:false opts you out)."
    )
