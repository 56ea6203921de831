"""Identical commands at once, on SQLite and PostgreSQL: no errors, one change, one audit entry.

Each round uses a server, channel and member that have never been seen, so every first command
races to create its row (the case that used to raise IntegrityError). The default run does
``ROUNDS_BY_DEFAULT`` rounds; ``EPILOGUE_RACE_ROUNDS=100`` runs the issue's 100.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from benchmarks.corpus import write_corpus
from bot.buttons import AddForm
from bot.command_table import ChannelRef, command_table
from bot.content.film_file import FilmFile, read_film_file
from bot.content.works import work_slug
from bot.db.models import (
    AuditEntry,
    ChannelRule,
    Embargo,
    Film,
    GuildSettings,
    ReaderSettings,
    Section,
    SeenFilm,
    Source,
)
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.invocation import Invocation
from bot.replies import Reply

AT_ONCE = 8
ROUNDS_BY_DEFAULT = 2
ROUNDS = int(os.environ.get("EPILOGUE_RACE_ROUNDS", ROUNDS_BY_DEFAULT))
NOW = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)
FILM = "La La Land"
MOD_ROLE, OPTIN_ROLE = 66, 55


def invocation(guild: int, channel: int, user: int, *permissions: str) -> Invocation:
    return Invocation(
        user_id=user,
        guild_id=guild,
        channel_id=channel,
        permissions=frozenset(permissions),
        now=NOW,
    )


async def at_once(app: Epilogue, name: str, who: Invocation, **options: Any) -> list[Reply]:
    """``AT_ONCE`` identical commands at the same time; any exception fails the test."""
    spec = command_table()[name]
    return await asyncio.gather(
        *(run_command(app, spec, who, dict(options)) for _ in range(AT_ONCE))
    )


def one_change(replies: list[Reply], what: str) -> None:
    """Exactly one reply reports the change; every other says nothing changed."""
    texts = [reply.content or "" for reply in replies]
    changed = [text for text in texts if text.startswith("✅")]
    unchanged = [text for text in texts if text.startswith("Nothing changed")]
    assert len(changed) == 1 and len(unchanged) == AT_ONCE - 1, (what, texts)


async def scalar(app: Epilogue, statement: Any) -> Any:
    async with app.sessions() as session:
        return await session.scalar(statement)


async def test_identical_opt_in_and_rule_commands_at_once_change_once(app: Epilogue) -> None:
    totals: Counter[str] = Counter()
    for number in range(ROUNDS):
        guild, channel, user, moderator_id = 1000 + number, 5000 + number, 9000 + number, 7
        member = invocation(guild, channel, user)
        mod = invocation(guild, channel, moderator_id, "manage_messages")
        owner = invocation(guild, channel, moderator_id, "manage_guild")
        here = ChannelRef(channel, guild)
        steps: list[tuple[str, Invocation, dict[str, Any], str | None]] = [
            ("spoilers seen", member, {"film": FILM}, None),
            ("spoilers on", member, {}, None),
            ("spoiler-rules channel", mod, {"channel": here, "mode": "spoilers"}, "channel"),
            ("spoiler-rules default", mod, {"mode": "no-spoilers"}, "default"),
            ("spoiler-rules embargo", mod, {"film": FILM, "until": "2031-01-01"}, "embargo"),
            ("spoiler-rules role", mod, {"role": OPTIN_ROLE}, "optin-role"),
            ("spoiler-rules optin", mod, {"enabled": False}, "optin"),
            ("spoiler-rules cooldown", mod, {"seconds": 30}, "cooldown"),
            ("spoiler-rules moderator-role", owner, {"role": MOD_ROLE}, "moderator-role"),
        ]
        for name, who, options, _action in steps:
            one_change(await at_once(app, name, who, **options), f"round {number}: {name}")
            totals["commands"] += AT_ONCE

        # The state each first change made, exactly.
        async with app.sessions() as session:
            settings = await session.get(GuildSettings, guild)
            assert settings is not None
            assert (
                settings.default_mode,
                settings.optin_enabled,
                settings.optin_role_id,
                settings.moderator_role_id,
                settings.cooldown_seconds,
            ) == ("no-spoilers", False, OPTIN_ROLE, MOD_ROLE, 30)
            rule = await session.get(ChannelRule, (channel, guild))
            assert rule is not None and (rule.guild_id, rule.mode) == (guild, "spoilers")
            embargoes = (
                await session.scalars(select(Embargo).where(Embargo.guild_id == guild))
            ).all()
            assert [e.until for e in embargoes] == [dt.date(2031, 1, 1)]
            reader = await session.get(ReaderSettings, user)
            assert reader is not None and reader.all_films
            seen = (await session.scalars(select(SeenFilm).where(SeenFilm.user_id == user))).all()
            assert len(seen) == 1

        # And the undoing, at once too.
        undo: list[tuple[str, Invocation, dict[str, Any], str | None]] = [
            # First: with a cooldown the member's seven repeats would be told to slow down.
            ("spoiler-rules cooldown", mod, {"seconds": 0}, "cooldown"),
            ("spoilers unseen", member, {"film": FILM}, None),
            ("spoilers off", member, {}, None),
            ("spoiler-rules channel", mod, {"channel": here, "mode": "inherit"}, "channel"),
            ("spoiler-rules embargo-clear", mod, {"film": FILM}, "embargo-clear"),
            ("spoiler-rules role", mod, {"clear": True}, "optin-role"),
        ]
        for name, who, options, _action in undo:
            one_change(await at_once(app, name, who, **options), f"round {number}: {name} (undo)")
            totals["commands"] += AT_ONCE

        expected = Counter(action for *_, action in steps + undo if action is not None)
        async with app.sessions() as session:
            actions = Counter(
                (
                    await session.scalars(
                        select(AuditEntry.action).where(AuditEntry.guild_id == guild)
                    )
                ).all()
            )
            settings = await session.get(GuildSettings, guild)
            assert settings is not None
            assert (settings.optin_role_id, settings.cooldown_seconds) == (None, 0)
            assert await session.get(ChannelRule, (channel, guild)) is None
            reader = await session.get(ReaderSettings, user)
            assert reader is not None and not reader.all_films
        assert actions == expected, f"round {number}: audit entries {actions} != {expected}"
        assert not await scalar(
            app, select(func.count()).select_from(Embargo).where(Embargo.guild_id == guild)
        )
        assert not await scalar(
            app, select(func.count()).select_from(SeenFilm).where(SeenFilm.user_id == user)
        )
        totals["audit entries"] += sum(actions.values())
        totals["rounds"] += 1
    # What a run with EPILOGUE_RACE_ROUNDS=100 reports (pytest -s): errors would have failed.
    print(f"\n{dict(totals)}: 0 errors, 0 duplicate audit entries, final state exact")


def _versions(tmp_path: Path, count: int) -> tuple[list[FilmFile], list[FilmFile]]:
    """``count`` new films, and an edited version of each (another section kind)."""
    paths = write_corpus(tmp_path / "films", count, seed=11)
    first = [read_film_file(path) for path in paths]
    for path in paths:
        path.write_text(path.read_text().replace("kind: symbolism", "kind: notes"))
    edited = [read_film_file(path) for path in paths]
    assert [f.content_hash for f in first] != [f.content_hash for f in edited]
    return first, edited


async def _sections_by_slug(app: Epilogue, guild: int) -> dict[str, list[str]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(Film.slug, Section.kind)
            .join(Section, Section.film_id == Film.id)
            .where(Film.guild_id == guild)
            .order_by(Film.slug, Section.position)
        )
        found: dict[str, list[str]] = {}
        for slug, kind in rows:
            found.setdefault(slug, []).append(kind)
        return found


def _kinds(film: FilmFile) -> list[str]:
    return [section.kind.value for section in film.doc.sections]


async def test_concurrent_stores_of_the_same_films_both_succeed(
    app: Epilogue, tmp_path: Path
) -> None:
    guild = 4242
    first, edited = _versions(tmp_path, 6)
    one, two = await asyncio.gather(
        app.loader.store(first, guild_id=guild), app.loader.store(first, guild_id=guild)
    )
    everything = sorted(f.origin for f in first)
    # Each film was written by one store; the other found it stored and says so.
    assert sorted(one.loaded + two.loaded) == everything
    assert sorted(one.unchanged + two.unchanged) == everything
    stored = await _sections_by_slug(app, guild)
    assert stored == {work_slug(f.doc.title, f.doc.year): _kinds(f) for f in first}

    # Two edits at once: both succeed and each film has one version's rows, not both.
    async with app.sessions() as session:
        ids_before = dict((await session.execute(select(Film.slug, Film.id))).all())
    one, two = await asyncio.gather(
        app.loader.store(edited, guild_id=guild), app.loader.store(edited, guild_id=guild)
    )
    assert sorted(one.loaded + two.loaded) == everything
    assert sorted(one.unchanged + two.unchanged) == everything
    assert await _sections_by_slug(app, guild) == {
        work_slug(f.doc.title, f.doc.year): _kinds(f) for f in edited
    }
    async with app.sessions() as session:
        assert dict((await session.execute(select(Film.slug, Film.id))).all()) == ids_before
        films = await session.scalar(
            select(func.count()).select_from(Film).where(Film.guild_id == guild)
        )
        sources = await session.scalar(
            select(func.count())
            .select_from(Source)
            .join(Film, Film.id == Source.film_id)
            .where(Film.guild_id == guild)
        )
    assert films == len(first)
    assert sources == sum(len(f.doc.sources) for f in edited)

    # Two different versions at once: each film ends as one of them, whole, never a mix.
    await asyncio.gather(
        app.loader.store(first, guild_id=guild), app.loader.store(edited, guild_id=guild)
    )
    stored = await _sections_by_slug(app, guild)
    for old, new in zip(first, edited, strict=True):
        assert stored[work_slug(old.doc.title, old.doc.year)] in (_kinds(old), _kinds(new))


async def test_the_same_film_added_at_once_is_stored_and_logged_once(app: Epilogue) -> None:
    guild = 4343
    admin = invocation(guild, 10, 6, "manage_guild")
    values = {
        "title": "Paper Moon Harbour",
        "year": "2021",
        "synopsis": "A ferry captain takes one last trip.",
        "quick_answer": "She stays on the island.",
        "ending": "",
    }
    replies = await asyncio.gather(
        *(app.submit(admin, AddForm().encode(), dict(values)) for _ in range(4))
    )
    texts = [reply.content or "" for reply in replies]
    assert sum(text.startswith("✅ Added") for text in texts) == 1, texts
    # The others stored nothing: either they found it stored, or it was in the catalog already.
    assert all(
        text.startswith(("✅ Added", "Nothing changed", "This server already has"))
        for text in texts
    ), texts
    async with app.sessions() as session:
        films = await session.scalar(
            select(func.count()).select_from(Film).where(Film.guild_id == guild)
        )
        added = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.guild_id == guild, AuditEntry.action == "film-add")
        )
    assert (films, added) == (1, 1)


async def _stored_section(app: Epilogue, guild: int, kind: str) -> list[str | None]:
    """The bodies of ``kind`` in every stored version of La La Land this server may see."""
    async with app.sessions() as session:
        rows = await session.scalars(
            select(Section.body)
            .join(Film, Film.id == Section.film_id)
            .where(Film.title == FILM, Film.guild_id.in_((0, guild)), Section.kind == kind)
        )
        return list(rows)


EDITORS = {
    # Two admins at once: the first save makes this server's own copy of the global film.
    "server copy": lambda guild, user: invocation(guild, 10, user, "manage_guild"),
    # The bot owner edits the global version in place.
    "global in place": lambda guild, user: Invocation(
        user_id=user, guild_id=guild, channel_id=10, is_owner=True, now=NOW
    ),
}


async def _edits_at_once(first: Epilogue, second: Epilogue, who: str, guild: int) -> None:
    from bot.buttons import EditForm

    # Both processes name the version stored now (the last round's save, which one of them
    # may not have heard of yet): the admins opened their forms on it.
    await first.catalog.refresh(announce=False)
    await second.catalog.refresh(announce=False)
    entry = first.catalog.resolve(guild, FILM)
    assert entry is not None
    form = EditForm(entry.key, entry.revision, "recap").encode()  # both opened it now
    editor = EDITORS[who]
    bodies = [f"One admin's recap, {guild}.", f"Another admin's recap, {guild}."]
    replies = await asyncio.gather(
        first.submit(editor(guild, 6), form, {"body": bodies[0]}),
        second.submit(editor(guild, 7), form, {"body": bodies[1]}),
    )
    texts = [reply.content or "" for reply in replies]
    saved = [body for body, text in zip(bodies, texts, strict=True) if text.startswith("✅")]
    # One save; the other is told the film changed under its form, and its text handed back.
    assert len(saved) == 1, texts
    late = next(reply for reply in replies if not (reply.content or "").startswith("✅"))
    assert "changed after you opened this form" in (late.content or ""), texts
    recaps = await _stored_section(first, guild, "recap")
    refused = next(body for body in bodies if body != saved[0])
    assert saved[0] in recaps and refused not in recaps, (texts, recaps)


@pytest.mark.parametrize("who", list(EDITORS))
async def test_two_edits_of_one_form_at_once_save_one_and_refuse_the_other(
    app: Epilogue, who: str
) -> None:
    """Two admins opened the same section's form on the same version and saved at once: both
    were told ✅ and the later text replaced the earlier without a word (a lost update), where a
    save after the other's was refused as "the film changed after you opened this form"."""
    for round_number in range(ROUNDS):
        await _edits_at_once(app, app, who, 4400 + round_number)


@pytest.mark.parametrize("who", list(EDITORS))
async def test_two_edits_of_one_form_through_two_processes_save_one(
    app: Epilogue, other: Epilogue, who: str
) -> None:
    """The same through two processes (shards) on one database: each process's catalog still
    named the version the form was opened on when its save began."""
    for round_number in range(ROUNDS):
        await _edits_at_once(app, other, who, 4500 + round_number)
