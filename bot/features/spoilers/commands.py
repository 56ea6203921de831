"""``/spoilers …``: members' own opt-ins, every command declared once with its handler.

They work in DMs too, reply privately, and are stored per user, so they follow a member to every
server. Being private and the member's own, no server's cooldown holds them back
(``CommandSpec.own_settings``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.command_table import CommandSpec, GroupSpec, OptionKind, OptionSpec
from bot.features.film.commands import FILM_OPTION
from bot.invocation import Invocation
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.catalog import FilmEntry
    from bot.epilogue import Epilogue


async def _on(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoilers.all_films(invocation, on=True)


async def _off(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoilers.all_films(invocation, on=False)


async def _seen(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoilers.mark_seen(invocation, options["film"])


async def _unseen(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    return await app.spoilers.mark_unseen(invocation, options["film"])


async def _marked_seen(
    app: Epilogue, invocation: Invocation, films: list[FilmEntry]
) -> list[FilmEntry]:
    """Of the films a title fits, those the member marked seen: the only ones unseen changes."""
    seen = (await app.standings.reader(invocation.user_id)).seen
    return [film for film in films if film.work in seen]


async def _status(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    page = options.get("page")
    return await app.spoilers.status(invocation, page=0 if page is None else page - 1, typed=True)


SPOILERS = GroupSpec("spoilers", "Which spoilers you want to see")
SPOILERS_COMMANDS: list[CommandSpec] = [
    CommandSpec(
        ("spoilers", "on"),
        "Show you every film's spoilers, privately, in every server and DM",
        _on,
        own_settings=True,
    ),
    CommandSpec(
        ("spoilers", "off"),
        "Turn off spoilers for every film (films you marked seen stay on)",
        _off,
        own_settings=True,
    ),
    CommandSpec(
        ("spoilers", "seen"),
        "You have seen this film: show you its spoilers, privately",
        _seen,
        (FILM_OPTION,),
        own_settings=True,
    ),
    CommandSpec(
        ("spoilers", "unseen"),
        "Hide this film's spoilers from you again",
        _unseen,
        (FILM_OPTION,),
        narrow_films=_marked_seen,
        none_to_change="Nothing changed: none of {films} is marked seen.",
        own_settings=True,
    ),
    CommandSpec(
        ("spoilers", "status"),
        "What you opted into, and how this server and channel treat spoilers",
        _status,
        (
            OptionSpec(
                "page",
                OptionKind.INTEGER,
                "Which page of the films you marked seen (default: 1)",
                min_value=1,
            ),
        ),
        changes=False,
        own_settings=True,
    ),
]
