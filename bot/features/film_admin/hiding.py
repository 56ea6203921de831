"""``/film-admin hide`` and ``unhide``: a server's admins take a global film out of their server.

A hidden film is gone from that server's lists, autocomplete, typed titles, search and answers
(``FilmCatalog`` leaves it out of everything it shows there), and from nowhere else. The spoiler
guard still watches for it: hiding a film from the lists does not make its spoilers harmless.
Hiding is stored per work (``HiddenWork``), so it outlives the global film's edits.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import delete

from bot import audit
from bot.catalog import MAX_CHOICES, FilmCatalog, FilmEntry, shelf_order, typed_form
from bot.command_table import Choice
from bot.db.models import GLOBAL_SCOPE, HiddenWork
from bot.db.upsert import insert
from bot.errors import InvalidInput, NotFound
from bot.invocation import Invocation
from bot.labels import film_label, logged_label
from bot.replies import Reply
from bot.spoiler_policy.markup import escape_text

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

HIDDEN_VALUE = "hidden:"
"""An unhide choice's value: this prefix and the work (``FilmEntry.slug``)."""


class GlobalBehind(enum.Enum):
    """What a server's own film stands in front of: the global film of its work, shown here
    once the server's copy goes, or hidden here; or nothing (``global_behind`` gives None)."""

    SHOWN = "shown"
    HIDDEN = "hidden"


def global_behind(catalog: FilmCatalog, guild_id: int, entry: FilmEntry) -> GlobalBehind | None:
    """Whether a global version of ``entry``'s work exists, and if so whether this server hid it:
    what its members read once the server's own ``entry`` is removed."""
    if entry.guild_id == GLOBAL_SCOPE or catalog.global_version(entry.slug) is None:
        return None
    return GlobalBehind.HIDDEN if entry.slug in catalog.hidden(guild_id) else GlobalBehind.SHOWN


class HiddenFilm(NamedTuple):
    """A hidden work, named by the title and year it had when hidden."""

    work: str
    title: str
    year: int


async def hide(app: Epilogue, invocation: Invocation, entry: FilmEntry) -> Reply:
    guild_id = _guild(invocation)
    label = film_label(entry)
    if entry.guild_id != GLOBAL_SCOPE:
        behind = global_behind(app.catalog, guild_id, entry)
        if behind is GlobalBehind.SHOWN:
            raise InvalidInput(
                f"{label} here is this server's own copy of a global film: /film-admin remove"
                " deletes the copy, and the global version then shows in this server again"
                " (/film-admin hide hides it after that)."
            )
        if behind is GlobalBehind.HIDDEN:
            raise InvalidInput(
                f"{label} here is this server's own copy, and the global version is hidden"
                " here already: /film-admin remove deletes the copy, and the film is then"
                " gone from this server."
            )
        raise InvalidInput(
            f"{label} is this server's own film, not a global one (there is none to hide):"
            " /film-admin remove takes it out of this server."
        )
    async with app.sessions() as session:
        row = {
            "guild_id": guild_id,
            "work": entry.slug,
            "title": entry.title,
            "year": entry.year,
            "hidden_by": invocation.user_id,
            "hidden_at": audit.naive_utc(invocation.now),
        }
        # One statement the database settles: two admins hiding at once hide it once.
        statement = insert(session, HiddenWork.__table__).values(row)
        hidden = await session.execute(
            statement.on_conflict_do_nothing().returning(HiddenWork.work)
        )
        if hidden.first() is None:
            return Reply.text(f"Nothing changed: {label} is already hidden in this server.")
        audit.record(
            session,
            app.standings,
            invocation,
            "film-hide",
            f"hid {logged_label(entry)}, a global film, in this server",
        )
        await session.commit()
    await app.catalog.refresh()
    return Reply.text(
        f"✅ Hid {label} in this server: members here no longer find it in lists, autocomplete,"
        " search or answers (other servers still do). /film-admin unhide brings it back."
    )


async def unhide(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    guild_id = _guild(invocation)
    film = hidden_named(app, guild_id, str(options["film"]))
    async with app.sessions() as session:
        removed = await session.execute(
            delete(HiddenWork)
            .where(HiddenWork.guild_id == guild_id, HiddenWork.work == film.work)
            .returning(HiddenWork.work)
        )
        label = film_label(film)
        if removed.first() is None:
            return Reply.text(f"Nothing changed: {label} is not hidden in this server.")
        audit.record(
            session,
            app.standings,
            invocation,
            "film-unhide",
            f"unhid {logged_label(film)}, a global film, in this server",
        )
        await session.commit()
    await app.catalog.refresh()
    if any(entry.slug == film.work for entry in app.catalog.own_films(guild_id)):
        # The server's own film of that work goes on standing in front of the global one.
        return Reply.text(
            f"✅ The global {label} is no longer hidden in this server, but members here read"
            " this server's own copy of it while that exists (/film-admin remove deletes the"
            " copy, and the global version then shows)."
        )
    return Reply.text(f"✅ {label} shows in this server again.")


def hidden_named(app: Epilogue, guild_id: int, text: str) -> HiddenFilm:
    """The hidden film ``text`` names: a choice picked from the list, or its title (or "title
    year") typed whole or by its start, when one hidden film fits."""
    hidden = app.catalog.hidden(guild_id)
    if not hidden:
        raise NotFound("No film is hidden in this server: /film-admin hide hides one.")
    typed = text.strip()
    if typed.startswith(HIDDEN_VALUE) and typed[len(HIDDEN_VALUE) :] in hidden:
        work = typed[len(HIDDEN_VALUE) :]
        return HiddenFilm(work, *hidden[work])
    shown = escape_text(typed[:80]) or "(empty)"
    shelved = sorted(hidden.values(), key=_shelved)
    named = ", ".join(f"**{escape_text(f'{t} ({y})')}**" for t, y in shelved)
    # As members name films (without "The", a sequel's number as digits, no accents), among
    # the global films, which the hidden ones are: the film that names, if it is hidden here.
    try:
        meant = app.catalog.find(None, typed)
    except NotFound:
        meant = None
    if meant is not None and meant.slug in hidden:
        return HiddenFilm(meant.slug, *hidden[meant.slug])
    if meant is not None:
        # Another film, shown here: never a hidden one that merely starts the same way.
        raise NotFound(
            f"'{shown}' names **{escape_text(meant.label)}**, which is not hidden in this server."
            f" Hidden here: {named}."
        )
    fitting = _fitting(hidden, typed)
    if len(fitting) == 1:
        return HiddenFilm(fitting[0], *hidden[fitting[0]])
    if fitting:
        raise NotFound(f"Several hidden films fit '{shown}': pick one from the list ({named}).")
    raise NotFound(f"No film hidden in this server matches '{shown}'. Hidden here: {named}.")


def _fitting(hidden: Mapping[str, tuple[str, int]], typed: str) -> list[str]:
    """The hidden works whose title or "title year" is ``typed`` (normalised as titles are),
    else those starting with it."""
    wanted = typed_form(typed)
    if not wanted:
        return []
    names = {
        work: (typed_form(title), typed_form(f"{title} {year}"))
        for work, (title, year) in hidden.items()
    }
    exact = [work for work, keys in names.items() if wanted in keys]
    fitting = exact or [work for work, keys in names.items() if keys[1].startswith(wanted)]
    return sorted(fitting, key=lambda work: _shelved(hidden[work]))


async def hidden_choices(
    app: Epilogue, invocation: Invocation, current: str, _typed: Mapping[str, Any]
) -> list[Choice]:
    """The films hidden in this server, as unhide's choices: title and year, the work as the
    value. Only the server's admins see unhide, and the titles are theirs to see."""
    if invocation.guild_id is None:
        return []
    hidden = app.catalog.hidden(invocation.guild_id)
    if current.strip():
        works = _fitting(hidden, current)
    else:
        works = sorted(hidden, key=lambda work: _shelved(hidden[work]))
    return [
        Choice(f"{hidden[work][0]} ({hidden[work][1]})"[:100], HIDDEN_VALUE + work)
        for work in works[:MAX_CHOICES]
    ]


def _shelved(title_year: tuple[str, int]) -> tuple[str, str, int]:
    return shelf_order(*title_year)


def _guild(invocation: Invocation) -> int:
    if invocation.guild_id is None:
        raise InvalidInput("Films are hidden in a server, not in DMs: run this in the server.")
    return invocation.guild_id
