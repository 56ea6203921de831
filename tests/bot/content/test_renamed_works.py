"""A content fix that changes a film's title or year renames its work: the old version goes,
and the server rules that restrict what is shown (embargo, hidden) follow it, with moderators
told. Runs on SQLite and, with EPILOGUE_TEST_POSTGRES=all, on PostgreSQL (the ``app`` fixture).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.buttons import AddForm
from bot.command_table import command_table
from bot.content.film_file import parse_film_bytes
from bot.content.works import work_slug
from bot.db.models import GLOBAL_SCOPE, AuditEntry, SeenFilm
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from bot.replies import Attachment, Reply
from tests.bot.db.test_change_feed import seen_within
from tests.support.typed_titles import film_file

EMBARGOING, HIDING = 1, 2
MOD = Invocation(
    user_id=5,
    guild_id=EMBARGOING,
    channel_id=10,
    permissions=frozenset({"manage_guild", "manage_messages"}),
)
ADMIN = Invocation(
    user_id=5, guild_id=HIDING, channel_id=20, permissions=frozenset({"manage_guild"})
)
MEMBER = Invocation(user_id=7, guild_id=EMBARGOING, channel_id=10)
ELSEWHERE = Invocation(user_id=7, guild_id=HIDING, channel_id=20)


async def run(app: Epilogue, name: str, invocation: Invocation, **options: Any) -> Reply:
    return await run_command(app, command_table()[name], invocation, options)


FIXES = {
    "year fixed": (("Whiplash", 2013), ("Whiplash", 2014)),
    "title typo fixed": (("Whiplsh", 2014), ("Whiplash", 2014)),
}


@pytest.mark.parametrize("fix", FIXES, ids=list(FIXES))
async def test_a_content_fix_renaming_a_film_keeps_its_embargo_and_hiding(
    app: Epilogue, tmp_path: Path, fix: str
) -> None:
    (title, year), (fixed_title, fixed_year) = FIXES[fix]
    path = tmp_path / "films" / "whiplash.yaml"
    path.parent.mkdir()
    path.write_bytes(film_file(title, year, []))
    await app.load_content([path.parent])
    embargoed = await run(app, "spoiler-rules embargo", MOD, film=title, until="2031-01-01")
    assert not embargoed.is_error, embargoed.content
    assert not (await run(app, "film-admin hide", ADMIN, film=title)).is_error
    assert not (await run(app, "spoilers seen", MEMBER, film=title)).is_error
    assert (await run(app, "film ending", MEMBER, film=title)).ephemeral  # the embargo holds

    path.write_bytes(film_file(fixed_title, fixed_year, []))  # the content fix
    report = await app.load_content([path.parent])

    # One version of the film: the corrected one.
    shown = [(e.title, e.year) for e in app.catalog.films(None) if "Whipl" in e.title]
    assert shown == [(fixed_title, fixed_year)]
    assert [(rename.old, rename.new) for rename in report.renamed] == [
        (f"{title} ({year})", f"{fixed_title} ({fixed_year})")
    ]
    # The embargo covers the corrected film: its ending stays private, as before the fix.
    answer = await run(app, "film ending", MEMBER, film=fixed_title)
    assert answer.ephemeral and "embargo" in (answer.embeds[0].footer or "")
    # Still hidden where it was hidden.
    assert (await run(app, "film ending", ELSEWHERE, film=fixed_title)).is_error
    # Each server's moderators are told in their log.
    async with app.sessions() as session:
        logged = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "film-renamed"))
        ).all()
        seen = set(await session.scalars(select(SeenFilm.work).where(SeenFilm.user_id == 7)))
    assert sorted(entry.guild_id for entry in logged) == [EMBARGOING, HIDING]
    assert all(f"{fixed_title} ({fixed_year})" in entry.detail for entry in logged)
    # A seen mark follows a corrected year of the same title only (see docs: a changed title
    # may be another film the same file now holds; a mark widens what is shown).
    carried = work_slug(fixed_title, fixed_year) in seen
    assert carried == (title == fixed_title)
    assert GLOBAL_SCOPE == 0


async def test_a_version_left_by_an_earlier_rename_goes_at_the_next_load_with_its_rules(
    app: Epilogue, tmp_path: Path
) -> None:
    """A server's own film, renamed before renames were followed (both versions stored from
    one file): the next load, its file unchanged, removes the stale one and carries the
    server's embargo; the moderators' log says so."""
    path = tmp_path / "whiplash.yaml"
    path.write_bytes(film_file("Whiplash", 2014, []))
    for year in (2013, 2014):  # what the unfixed loads left: both versions, from one file
        version = parse_film_bytes(film_file("Whiplash", year, []), str(path))
        await app.loader.store([version], guild_id=EMBARGOING)
    await app.catalog.refresh()
    await run(app, "spoiler-rules embargo", MOD, film="Whiplash (2013)", until="2031-01-01")
    await run(app, "spoiler-rules embargo", MOD, film="Whiplash (2014)", until="2030-06-01")
    assert len([e for e in app.catalog.films(EMBARGOING) if e.title == "Whiplash"]) == 2

    report = await app.load_content([path], guild_id=EMBARGOING)

    assert report.unchanged == [str(path)]
    assert [e.year for e in app.catalog.films(EMBARGOING) if e.title == "Whiplash"] == [2014]
    answer = await run(app, "film quick", MEMBER, film="Whiplash")
    # Of the two embargoes, the later end holds: a restriction is never shortened.
    assert answer.ephemeral and "until 2031-01-01" in (answer.embeds[0].footer or "")
    log = await run(app, "spoiler-rules log", MOD)
    line = (log.embeds[0].description or "").replace("\\", "")
    assert "Epilogue" in line and "renamed Whiplash (2013) to Whiplash (2014)" in line


async def test_another_process_shows_the_renamed_film_only_under_its_rules(
    app: Epilogue, other: Epilogue, tmp_path: Path
) -> None:
    """A second process (a shard, or the bot beside ``epilogue import``) holds the server's
    rules and the catalog from before the fix: once it sees the corrected film, the embargo
    covers it there too, and the member's seen mark follows the corrected year."""
    path = tmp_path / "whiplash.yaml"
    path.write_bytes(film_file("Whiplash", 2013, []))
    await app.load_content([path])
    await run(app, "spoiler-rules embargo", MOD, film="Whiplash", until="2031-01-01")
    await run(app, "spoilers seen", MEMBER, film="Whiplash")
    if other.write_watch is not None:
        await other.write_watch.check()
    assert (await run(other, "film ending", MEMBER, film="Whiplash")).ephemeral  # rules cached

    path.write_bytes(film_file("Whiplash", 2014, []))
    await app.load_content([path])

    async def other_has_the_fix() -> bool:
        if other.write_watch is not None:
            await other.write_watch.check()
        return [e.year for e in other.catalog.films(None) if e.title == "Whiplash"] == [2014]

    assert await seen_within(other_has_the_fix)
    answer = await run(other, "film ending", MEMBER, film="Whiplash")
    assert answer.ephemeral and "embargo" in (answer.embeds[0].footer or "")
    assert (await other.standings.reader(MEMBER.user_id)).opted_in(work_slug("Whiplash", 2014))


async def test_an_exported_film_imported_back_with_its_year_fixed_replaces_that_film(
    app: Epilogue,
) -> None:
    """/film-admin export names the file by the film's work ("whiplash-2013.yaml"); that file,
    its year fixed and imported back, is that film renamed: the preview says so, Confirm
    replaces the server's version, and the embargo follows. Was: a second film, unembargoed."""
    await run(app, "film-admin add", MOD)  # the add form: filled in below
    await app.submit(
        MOD,
        AddForm().encode(),
        {"title": "Whiplash", "year": "2013", "synopsis": "A drummer.", "quick_answer": "It ends."},
    )
    await app.catalog.refresh()
    await run(app, "spoiler-rules embargo", MOD, film="Whiplash", until="2031-01-01")
    exported = (await run(app, "film-admin export", MOD, film="Whiplash")).attachments[0]
    assert exported.filename == "whiplash-2013.yaml"
    fixed = exported.data.replace(b"year: 2013", b"year: 2014")

    preview = await run(app, "film-admin import", MOD, file=Attachment(exported.filename, fixed))
    shown = (preview.embeds[0].description or "").replace("\\", "")
    assert "Whiplash (2013)" in shown and "replaces" in shown, shown
    confirm = next(b.custom_id for b in preview.buttons if b.label == "Confirm")
    assert not (await app.press(MOD, confirm)).is_error

    assert [e.year for e in app.catalog.films(EMBARGOING) if e.title == "Whiplash"] == [2014]
    answer = await run(app, "film quick", MEMBER, film="Whiplash")
    assert answer.ephemeral and "embargo" in (answer.embeds[0].footer or "")
