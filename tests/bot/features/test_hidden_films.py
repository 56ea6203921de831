"""/film-admin hide and unhide: a global film hidden in one server is gone there, and only there.

Runs on SQLite and, with EPILOGUE_TEST_POSTGRES=all, on PostgreSQL (the ``app`` fixture).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.catalog import FilmCatalog
from bot.command_table import Access, OptionKind, command_table
from bot.content.film_file import parse_film_bytes
from bot.db.models import AuditEntry, HiddenWork
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.features.film.commands import server_film_choices
from bot.features.film_admin.hiding import hidden_choices
from bot.features.spoiler.mentions import FilmMentions
from bot.invocation import Invocation
from bot.replies import Reply
from tests.bot.test_dispatch import film_command_options
from tests.support.typed_titles import film_file

HIDING, OTHER = 1, 2
ADMIN = Invocation(
    user_id=5, guild_id=HIDING, channel_id=10, permissions=frozenset({"manage_guild"})
)
MEMBER = Invocation(user_id=7, guild_id=HIDING, channel_id=10)
ELSEWHERE = Invocation(user_id=7, guild_id=OTHER, channel_id=20)
LABEL = "La La Land (2016)"


async def run(app: Epilogue, name: str, invocation: Invocation, **options: Any) -> Reply:
    return await run_command(app, command_table()[name], invocation, options)


def text(reply: Reply) -> str:
    parts = [reply.content or ""]
    parts += [f"{embed.title}\n{embed.description}" for embed in reply.embeds]
    if reply.modal is not None:
        parts.append(reply.modal.title)
    return "\n".join(parts).replace("\\", "").replace("**", "")


async def test_a_hidden_film_is_gone_from_every_command_in_its_server_alone(app: Epilogue) -> None:
    await app.loader.store([parse_film_bytes(film_file("La La Lullaby", 2021, []), "l.yaml")])
    await app.catalog.refresh()
    ending = await run(app, "film ending", MEMBER, film="La La Land")  # answered before hiding
    reveal = next(b.custom_id for row in ending.rows for b in row if "Reveal" in b.label)
    picked = next(c.value for c in server_film_choices(app, HIDING, "la la") if LABEL in c.name)

    hid = await run(app, "film-admin hide", ADMIN, film="la la land")
    assert not hid.is_error and f"Hid {LABEL} in this server" in text(hid)

    film_commands = [
        name
        for name, spec in command_table().items()
        if any(option.kind is OptionKind.FILM for option in spec.options)
    ]
    for name in film_commands:
        # Choices never name it, typed or picked it names nothing, nor does "la la" ask.
        offered = [c.name for c in server_film_choices(app, HIDING, "la la")]
        assert offered == ["La La Lullaby (2021)"], name
        for typed in ("La La Land", "lalaland", "la la 2016", picked):
            options = film_command_options(name, typed)
            reply = await run_command(app, command_table()[name], ADMIN, options)
            assert reply.is_error, (name, typed, text(reply))
            if command_table()[name].access is Access.ADMIN and typed == "La La Land":
                # An admin naming it whole is told it is hidden here (the unhide list shows
                # them its title anyway), and how to bring it back; was "No film matches".
                assert f"{LABEL} is hidden in this server" in text(reply), text(reply)
                assert "/film-admin unhide" in text(reply)
            else:
                assert LABEL not in text(reply), (name, typed, text(reply))
        if name == "film-admin hide":
            continue  # would hide La La Lullaby too: hidden last, below
        la_la = await run_command(
            app, command_table()[name], ADMIN, film_command_options(name, "la la")
        )
        assert "La La Lullaby (2021)" in text(la_la) and LABEL not in text(la_la), name
        # Nor do the initials both titles share ("lll") name it.
        lll = await run_command(
            app, command_table()[name], ADMIN, film_command_options(name, "lll")
        )
        assert LABEL not in text(lll), (name, text(lll))
    assert LABEL not in text(await run(app, "film list", MEMBER))
    assert LABEL not in text(await run(app, "film search", MEMBER, query="sebastian"))
    pressed = await app.press(MEMBER, reveal)
    assert pressed.is_error and "Sebastian" not in text(pressed)

    # Another server sees it as before.
    assert LABEL in [c.name for c in server_film_choices(app, OTHER, "la la")]
    assert text(await run(app, "film info", ELSEWHERE, film="la la land")).strip().startswith(LABEL)
    assert LABEL in text(await run(app, "film list", ELSEWHERE))
    # The spoiler guard still knows it: hiding it from the lists leaves its spoilers telling.
    assert LABEL in [e.label for e in app.catalog.films(HIDING, hidden_too=True)]
    named = FilmMentions(app.catalog).named(HIDING, "la la land: she marries someone else")
    assert [e.label for e in named] == [LABEL]

    # Kept in the database (a catalog read afresh, as after a restart), and in the log.
    fresh = FilmCatalog(app.sessions)
    await fresh.refresh(announce=False)
    assert [e.label for e in fresh.search(HIDING, "la la")] == ["La La Lullaby (2021)"]
    async with app.sessions() as session:
        rows = (await session.execute(select(HiddenWork.guild_id, HiddenWork.work))).all()
        logged = (await session.execute(select(AuditEntry.action, AuditEntry.detail))).all()
    assert rows == [(HIDING, next(e.slug for e in app.catalog.films(OTHER) if e.label == LABEL))]
    assert ("film-hide", f"hid {LABEL}, a global film, in this server") in logged

    again = await run(app, "film-admin hide", ADMIN, film="la la lullaby")
    assert "Hid La La Lullaby (2021)" in text(again)


async def test_unhide_offers_the_hidden_films_and_brings_one_back(app: Epilogue) -> None:
    await run(app, "film-admin hide", ADMIN, film="La La Land")
    choices = await hidden_choices(app, ADMIN, "la", {})
    assert [c.name for c in choices] == [LABEL]
    assert await hidden_choices(app, ELSEWHERE, "", {}) == []

    back = await run(app, "film-admin unhide", ADMIN, film=choices[0].value)
    assert not back.is_error and f"{LABEL} shows in this server again" in text(back)
    assert [c.name for c in server_film_choices(app, HIDING, "la la")] == [LABEL]
    assert text(await run(app, "film info", MEMBER, film="la la")).strip().startswith(LABEL)
    async with app.sessions() as session:
        assert (await session.execute(select(HiddenWork))).all() == []
        logged = (await session.execute(select(AuditEntry.action, AuditEntry.detail))).all()
    assert ("film-unhide", f"unhid {LABEL}, a global film, in this server") in logged

    # Typed without picking too, and nothing to unhide is said so.
    await run(app, "film-admin hide", ADMIN, film="La La Land")
    assert not (await run(app, "film-admin unhide", ADMIN, film="la la")).is_error
    nothing = await run(app, "film-admin unhide", ADMIN, film="la la")
    assert nothing.is_error and "No film is hidden in this server" in text(nothing)


async def test_only_a_global_film_is_hidden_and_only_by_an_admin(app: Epilogue) -> None:
    await app.loader.store(
        [parse_film_bytes(film_file("Our Own Film", 2020, []), "o.yaml")], guild_id=HIDING
    )
    await app.catalog.refresh()
    own = await run(app, "film-admin hide", ADMIN, film="our own film")
    assert own.is_error and "this server's own film, not a global one" in text(own)
    refused = await run(app, "film-admin hide", MEMBER, film="la la land")
    assert refused.is_error
    assert LABEL in [c.name for c in server_film_choices(app, HIDING, "la la")]


async def test_unhide_takes_a_title_typed_as_members_type_it(app: Epilogue) -> None:
    """`/film-admin unhide film:godfather` was "No film hidden in this server matches
    'godfather'. Hidden here: The Godfather Part II (1974)": unhide read only the whole title
    or its start, where every other command takes it without "The", with the sequel's number
    as digits, and without its accents or punctuation."""
    await app.loader.store(
        [
            parse_film_bytes(film_file(title, year, []), f"{n}.yaml")
            for n, (title, year) in enumerate(
                [("The Godfather", 1972), ("The Godfather Part II", 1974), ("Amélie", 2001)]
            )
        ]
    )
    await app.catalog.refresh()
    for hidden, typed in [
        ("The Godfather Part II (1974)", "godfather 2"),
        ("The Godfather Part II (1974)", "godfather part ii"),
        ("The Godfather (1972)", "godfather"),
        ("Amélie (2001)", "amelie"),
    ]:
        assert not (await run(app, "film-admin hide", ADMIN, film=hidden.split(" (")[0])).is_error
        back = await run(app, "film-admin unhide", ADMIN, film=typed)
        assert not back.is_error and f"{hidden} shows in this server again" in text(back), (
            typed,
            text(back),
        )
    # A film that is not hidden is never unhidden for one that is: the hidden one is named.
    await run(app, "film-admin hide", ADMIN, film="The Godfather Part II")
    other = await run(app, "film-admin unhide", ADMIN, film="godfather")
    assert other.is_error and "Hidden here: The Godfather Part II (1974)" in text(other)
