"""A content file that now names another film (a year or title fixed) renames that film's work.

Servers' rules attach to a work (``bot.content.works``): a file edited from "La La Land (2015)"
to "(2016)" would otherwise add a new, unrestricted work beside the old one, so the film an
embargo or a hide kept out of sight would be shown again, under its corrected name. The file is
what makes it the same film: when a load finds a stored film of the scope that came from the
same file (``Film.origin``) under another work, that stale version is removed and every rule
that restricts what is shown follows to the new work, in the same transaction as the new
content, so no reader ever sees the corrected film without them:

- embargoes (``work_embargoes``; the later end wins where the new work has one too), which the
  automatic guard's "embargoed films only" follows as well;
- hidden films (``hidden_works``).

The rules on the old work are kept (copied, never moved): a film given that name again later
(another file) is one someone restricted, and a restriction lost is a leak where one kept is a
line in a list. Members' "seen" marks *widen* what is shown, so they follow only a corrected
year of the same title (by at most ``SEEN_YEARS``): the same file may have been reused for
another film (a remake shares the title, decades apart), whose ending the member never asked
for. A member whose mark did not follow marks the film again.

Moderators of every server whose rules followed are told in their log (``film-renamed``), and
the import report lists each rename. Files identify a source; ``/film-admin`` stores uploads
and forms under shared origins, so there an upload is a rename only when it is a file
``/film-admin export`` named by a work (``whiplash-2013.yaml``) and now naming another
(``bot.features.film_admin.content``); the edit form cannot change a title or year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.works import work_slug
from bot.db import upsert
from bot.db.change_feed import guild_topic, reader_topic
from bot.db.hooks import publish
from bot.db.models import GLOBAL_SCOPE, AuditEntry, Embargo, Film, HiddenWork, SeenFilm, utcnow
from bot.labels import logged_label, plain_label

SEEN_YEARS = 1
"""How far a year correction may move for members' seen marks to follow it (a festival year
against a release year)."""

CONTENT_FIX = 0
"""``AuditEntry.user_id`` of a change no member made (a content load; the guard's is 0 too)."""

IN_CLAUSE = 500
"""Origins looked up per statement (SQLite's and asyncpg's parameter limits are far above)."""


@dataclass(frozen=True)
class Given:
    """The film a file gives in this load."""

    slug: str
    title: str
    year: int


@dataclass(frozen=True)
class Renamed:
    """One stale version removed, its work's rules carried to the corrected one."""

    work: str  # the old version's work
    old: str  # "Title (year)" as it was
    new: str
    origin: str
    guilds: tuple[int, ...]  # the servers whose rules followed (each told in its log)
    seen_followed: bool


def is_file_origin(origin: str) -> bool:
    """Whether an origin names a file (one film per file): ``/film-admin`` origins are shared
    by every film a server uploaded, added or edited, and so name no one film."""
    return not origin.startswith("/film-admin")


async def stale_origins(session: AsyncSession, guild_id: int, origins: Iterable[str]) -> set[str]:
    """Which of ``origins`` give more than one stored film of the scope: a rename made before
    renames were followed left both versions (found at the next load, though unchanged)."""
    wanted = set(origins)
    if not wanted:
        return set()
    rows = await session.execute(
        select(Film.origin)
        .where(Film.guild_id == guild_id)
        .group_by(Film.origin)
        .having(func.count(Film.id) > 1)
    )
    return {origin for (origin,) in rows if origin in wanted}


async def follow_renames(
    session: AsyncSession,
    guild_id: int,
    given: dict[str, Given],
    taken: set[str],
) -> list[Renamed]:
    """Remove each stored film of the scope whose file (origin) now gives another work, and
    carry its work's restricting rules to that work. ``taken``: works another file of this
    load gives, which are not stale whatever their stored origin says."""
    origins = [origin for origin in given if is_file_origin(origin)]
    stale: list[tuple[int, str, str, int, str]] = []
    for start in range(0, len(origins), IN_CLAUSE):
        chunk = origins[start : start + IN_CLAUSE]
        rows = await session.execute(
            select(Film.id, Film.slug, Film.title, Film.year, Film.origin).where(
                Film.guild_id == guild_id, Film.origin.in_(chunk)
            )
        )
        stale += [
            (film_id, slug, title, year, origin)
            for film_id, slug, title, year, origin in rows
            if slug != given[origin].slug and slug not in taken
        ]
    return [
        await rename(session, guild_id, Given(slug, title, year), given[origin], origin, film_id)
        for film_id, slug, title, year, origin in stale
    ]


async def rename(
    session: AsyncSession,
    scope: int,
    old: Given,
    new: Given,
    origin: str,
    film_id: int | None,
    *,
    by: int = CONTENT_FIX,
    cause: str = "as its content file now names it",
    now: dt.datetime | None = None,
) -> Renamed:
    """``old`` is ``new`` under its corrected name: its stored version ``film_id`` (if given)
    is removed, the rules of ``scope`` (every server's, for global content) restricting ``old``
    are copied to ``new``, seen marks follow a corrected year, and each server's moderators are
    told (``by``: who did it, a member for an upload)."""
    if film_id is not None:
        await session.execute(delete(Film).where(Film.id == film_id))
    guilds = await _carry_rules(session, scope, old.slug, new)
    seen = _same_film_for_readers(old, new)
    if seen:
        await _carry_seen(session, old.slug, new)
    for guild, rules in guilds.items():
        session.add(
            AuditEntry(
                guild_id=guild,
                user_id=by,
                action="film-renamed",
                detail=_detail(logged_label(old), logged_label(new), cause, rules)[:500],
                created_at=now or utcnow(),
            )
        )
        publish(session, guild_topic(guild))  # other processes drop its rules
    return Renamed(
        old.slug, plain_label(old), plain_label(new), origin, tuple(sorted(guilds)), seen
    )


def _detail(old: str, new: str, cause: str, rules: list[str]) -> str:
    """The moderators' log entry: what was renamed, why, and which of their rules followed."""
    if not rules:
        return f"renamed {old} to {new}, {cause} (this server's own film)"
    followed = " and ".join(rules)
    return f"renamed {old} to {new}, {cause}: this server's {followed} of it covers {new} too"


def _same_film_for_readers(old: Given, new: Given) -> bool:
    """Whether members' seen marks follow: the same title, its year corrected slightly."""
    same_title = work_slug(old.title, 0) == work_slug(new.title, 0)
    return same_title and abs(old.year - new.year) <= SEEN_YEARS


async def _carry_rules(
    session: AsyncSession, scope: int, old: str, new: Given
) -> dict[int, list[str]]:
    """Copy the embargoes and hides of ``old`` to ``new`` (every server's for global content,
    the scope's own server's otherwise); which rules were copied, by server."""
    guilds: dict[int, list[str]] = {}
    embargoed = [Embargo.work == old]
    hid = [HiddenWork.work == old]
    if scope != GLOBAL_SCOPE:
        embargoed.append(Embargo.guild_id == scope)
        hid.append(HiddenWork.guild_id == scope)
    embargoes = (
        await session.execute(select(Embargo.guild_id, Embargo.until).where(*embargoed))
    ).all()
    for guild, until in embargoes:
        guilds.setdefault(guild, []).append("embargo")
        current = await session.scalar(
            select(Embargo.until).where(Embargo.guild_id == guild, Embargo.work == new.slug)
        )
        if current is None:
            session.add(
                Embargo(guild_id=guild, work=new.slug, title=new.title, year=new.year, until=until)
            )
        elif current < until:  # never shortened: the later end of the two holds
            await session.execute(
                update(Embargo)
                .where(Embargo.guild_id == guild, Embargo.work == new.slug)
                .values(until=until)
            )
    hidden = (
        await session.execute(select(HiddenWork.guild_id, HiddenWork.hidden_by).where(*hid))
    ).all()
    for guild, hidden_by in hidden:
        guilds.setdefault(guild, []).append("hiding")
        await session.execute(
            upsert.insert(session, HiddenWork.__table__)
            .values(
                guild_id=guild,
                work=new.slug,
                title=new.title,
                year=new.year,
                hidden_by=hidden_by,
                hidden_at=utcnow(),
            )
            .on_conflict_do_nothing()
        )
    await session.flush()
    if scope != GLOBAL_SCOPE:
        guilds.setdefault(scope, [])  # its own film: its moderators are told even without rules
    return guilds


async def _carry_seen(session: AsyncSession, old: str, new: Given) -> None:
    users = list(await session.scalars(select(SeenFilm.user_id).where(SeenFilm.work == old)))
    for start in range(0, len(users), IN_CLAUSE):
        rows = [
            {"user_id": user, "work": new.slug, "title": new.title, "year": new.year}
            for user in users[start : start + IN_CLAUSE]
        ]
        await session.execute(
            upsert.insert(session, SeenFilm.__table__).on_conflict_do_nothing(), rows
        )
    for user in users:
        publish(session, reader_topic(user))
