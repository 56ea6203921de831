"""``/film list``: every film a server sees, titles only, a page at a time."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from bot.buttons import ListPageButton
from bot.catalog import FilmCatalog
from bot.invocation import Invocation
from bot.labels import film_label
from bot.paging import check_page
from bot.replies import Button, Colour, Embed, Reply
from bot.spoiler_policy.markup import escape_text, truncate_plain

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

LIST_PAGE_SIZE = 25
LIST_LABEL_CHARS = 70
DESCRIPTION_LIMIT = 4000


def list_page(
    catalog: FilmCatalog, invocation: Invocation, page: int, *, pressed: bool = False
) -> Reply:
    """One page of every film the server sees, titles only.

    The list is public and holds nothing private, so anyone may turn its pages; the buttons
    carry the page number and need no stored state.
    """
    films = catalog.films(invocation.guild_id)
    if not films:
        return Reply.text("No films are loaded yet.")
    pages = math.ceil(len(films) / LIST_PAGE_SIZE)
    if not pressed:
        check_page(page + 1, pages, "the list")
    page = max(0, min(page, pages - 1))
    shown = films[page * LIST_PAGE_SIZE : (page + 1) * LIST_PAGE_SIZE]
    lines = [f"• {film_label(entry)}" for entry in shown]
    if sum(map(len, lines)) + len(lines) > DESCRIPTION_LIMIT:
        # Only very long titles full of markdown characters get here.
        lines = [
            f"• {escape_text(truncate_plain(entry.title, LIST_LABEL_CHARS))} ({entry.year})"
            for entry in shown
        ]
    count = f"{len(films)} film{'s' * (len(films) != 1)}"
    footer = f"Page {page + 1}/{pages} · {count}" if pages > 1 else count
    embed = Embed(
        title="Films explained here" if invocation.guild_id else "Films",
        description="\n".join(lines),
        footer=f"{footer} · /film info for a spoiler-free card",
        colour=Colour.INFO,
    )
    rows: tuple[tuple[Button, ...], ...] = ()
    if pages > 1:
        rows = (
            (
                Button("◀ Previous", ListPageButton(page - 1).encode(), disabled=page == 0),
                Button("Next ▶", ListPageButton(page + 1).encode(), disabled=page == pages - 1),
            ),
        )
    return Reply(embeds=(embed,), rows=rows, edits_original=pressed, place_bound=True)


async def list_command(app: Epilogue, invocation: Invocation, options: dict[str, Any]) -> Reply:
    page = options.get("page")
    return list_page(app.catalog, invocation, (page if page is not None else 1) - 1)
