"""An admin's menu (an import's preview, a removal's question) answered by another process than
the one that showed it, or after another process changed the film: two cores over one database
(SQLite and PostgreSQL), each with a catalog of its own. The press finds its change in the
database, and the film's version is checked under the film's lock where it is written: never
does a Confirm replace or delete content made after its menu without a word."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.epilogue import Epilogue
from tests.bot.features.film_admin.test_content import (
    ADD_FORM,
    ADD_VALUES,
    FILM,
    GUILD,
    OTHER_ADMIN,
    admin,
    audit,
    button,
    edit_id,
    films,
    run,
    upload,
)
from tests.conftest import make_config

NEWER = "A newer synopsis, saved by another process."


@pytest.fixture
async def other(app, tmp_path: Path) -> AsyncIterator[Epilogue]:  # type: ignore[no-untyped-def]
    """A second process on ``app``'s database."""
    async with Epilogue.open(make_config(tmp_path, url=app.config.database.url)) as core:
        yield core


async def synopsis(app, title: str) -> str | None:  # type: ignore[no-untyped-def]
    await app.catalog.refresh()
    entry = app.catalog.resolve(GUILD, title)
    if entry is None:
        return None
    async with app.sessions() as session:
        return (await app.film.load(session, entry)).synopsis


async def edit_in(core: Epilogue, title: str) -> None:
    """Another admin saves a new synopsis of ``title`` in ``core`` (its catalog fresh)."""
    await core.catalog.refresh()
    entry = core.catalog.resolve(GUILD, title)
    saved = await core.submit(admin(OTHER_ADMIN), edit_id(entry, "synopsis"), {"body": NEWER})
    assert (saved.content or "").startswith("✅"), saved.content


async def remove_in(core: Epilogue, title: str) -> None:
    await core.catalog.refresh()
    menu = await run(core, "remove", admin(OTHER_ADMIN), film=title)
    done = await core.press(admin(OTHER_ADMIN), button(menu, "Remove"))
    assert (done.content or "").startswith("✅"), done.content


async def test_a_removal_confirmed_in_another_process_removes_the_film(app, other) -> None:  # type: ignore[no-untyped-def]
    await app.submit(admin(), ADD_FORM, ADD_VALUES)
    menu = await run(app, "remove", admin(), film="Paper Moon Harbour")
    await other.catalog.refresh()
    done = await other.press(admin(), button(menu, "Remove"))
    assert (done.content or "").startswith("✅ Removed Paper Moon Harbour"), done.content
    assert await synopsis(app, "Paper Moon Harbour") is None


async def test_a_removal_confirmed_after_another_process_edited_the_film_keeps_it(  # type: ignore[no-untyped-def]
    app, other
) -> None:
    """Was: this process's catalog still named the version the menu was made on, and the
    removal deleted the newer text another admin had saved in the meantime."""
    await app.submit(admin(), ADD_FORM, ADD_VALUES)
    menu = await run(app, "remove", admin(), film="Paper Moon Harbour")
    await edit_in(other, "Paper Moon Harbour")
    done = await app.press(admin(), button(menu, "Remove"))
    assert "changed after you asked to remove it" in (done.content or ""), done.content
    assert "/film-admin remove" in (done.content or "")
    assert await synopsis(app, "Paper Moon Harbour") == NEWER


async def test_two_removals_confirmed_at_once_in_two_processes_remove_once(app, other) -> None:  # type: ignore[no-untyped-def]
    await app.submit(admin(), ADD_FORM, ADD_VALUES)
    menu = await run(app, "remove", admin(), film="Paper Moon Harbour")
    await other.catalog.refresh()
    done = await asyncio.gather(
        app.press(admin(), button(menu, "Remove")), other.press(admin(), button(menu, "Remove"))
    )
    removed = [reply for reply in done if (reply.content or "").startswith("✅")]
    assert len(removed) == 1, [reply.content for reply in done]
    assert len([row for row in await audit(app) if row[2] == "film-remove"]) == 1


@pytest.mark.parametrize("change", ["edited", "removed"])
async def test_an_import_confirmed_after_another_process_changed_the_film_saves_nothing(  # type: ignore[no-untyped-def]
    app, other, change: str
) -> None:
    """The preview said what Confirm replaces; another admin then saved (or removed) the film
    in another process. Was: Confirm replaced their change without a word."""
    first = await upload(app, "heron.yaml", FILM.encode())
    await app.press(admin(), button(first, "Confirm"))
    preview = await upload(app, "heron.yaml", FILM.replace("childhood", "youth").encode())
    assert "Replaces this server's own version" in preview.embeds[0].description
    await (edit_in if change == "edited" else remove_in)(other, "Heron Lake")
    before = await films(app)
    done = await other.press(admin(), button(preview, "Confirm"))
    said = {"edited": "was changed", "removed": "was removed"}[change]
    assert f"{said} after this preview" in (done.content or ""), done.content
    assert "nothing was saved" in (done.content or "")
    assert "run /film-admin import" in (done.content or "")
    assert await films(app) == before


async def test_an_import_previewed_in_one_process_is_confirmed_in_another(app, other) -> None:  # type: ignore[no-untyped-def]
    preview = await upload(app, "heron.yaml", FILM.encode())
    done = await other.press(admin(), button(preview, "Confirm"))
    assert (done.content or "").startswith("✅ Loaded Heron Lake"), done.content
    assert await synopsis(app, "Heron Lake") is not None
