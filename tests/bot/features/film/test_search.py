"""/film search and /film list: ranking, server scoping, and spoiler treatment of every result."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from bot.command_table import command_table
from bot.content.film_file import parse_film_bytes
from bot.db.models import ChannelRule, Embargo, Film, ReaderSettings, SeenFilm
from bot.dispatch import run_command
from bot.invocation import Invocation
from bot.replies import Reply
from tests.support.discord_markdown import hidden_text, visible_text
from tests.support.typed_titles import ANSWERED, ASKED, LABELS, TYPED_FILMS, film_file

GUILD = 1
OTHER_GUILD = 2
STANDARD, SPOILERS, NO_SPOILERS = 10, 20, 30
MARKER = "zebraquux"  # only in an ending-level FAQ answer
INLINE = "quasarfig"  # only inside an inline ||span|| of the spoiler-free synopsis
HEADING = "kestrelhead"  # a spoiler-free item heading over an ending-level answer
UNDER_HEADING = "lanternmoth"  # only in that answer, never in the heading


def film_yaml(
    title: str, year: int, *, synopsis: str = "Someone wants something.", extra: str = ""
) -> str:
    return f"""\
title: {title}
year: {year}
synopsis: "{synopsis}"
sections:
  - kind: quick_answer
    level: ending
    body: It ends quietly.
{extra}"""


MARKED = film_yaml(
    "Marker Film",
    2001,
    synopsis=f"A quiet town with a secret, ||{INLINE} is the culprit||.",
    extra=f"""\
  - kind: faq
    level: ending
    items:
      - heading: What happens at the end?
        heading_level: none
        level: ending
        body: "In the last scene {MARKER} is revealed."
      - heading: {HEADING} explained
        heading_level: none
        level: ending
        body: "The {UNDER_HEADING} was the killer all along."
""",
)


async def store(app, text: str, *, guild_id: int = 0) -> None:  # type: ignore[no-untyped-def]
    await app.loader.store([parse_film_bytes(text.encode(), "test.yaml")], guild_id=guild_id)
    await app.catalog.refresh()


async def add_rows(app, *rows: Any) -> None:  # type: ignore[no-untyped-def]
    async with app.sessions() as session:
        session.add_all(rows)
        await session.commit()


def asker(
    channel: int | None = STANDARD, guild: int | None = GUILD, user: int = 1000
) -> Invocation:
    return Invocation(user_id=user, guild_id=guild, channel_id=channel)


async def search(app, query: str, invocation: Invocation | None = None, **options: Any) -> Reply:  # type: ignore[no-untyped-def]
    spec = command_table()["film search"]
    return await run_command(app, spec, invocation or asker(), {"query": query, **options})


async def film_list(app, invocation: Invocation | None = None, **options: Any) -> Reply:  # type: ignore[no-untyped-def]
    return await run_command(app, command_table()["film list"], invocation or asker(), options)


def description(reply: Reply) -> str:
    assert reply.embeds, reply.content
    return reply.embeds[0].description or ""


def unhideable(reply: Reply) -> str:
    """Every text of the reply Discord cannot put behind a spoiler."""
    parts = [embed.title + (embed.footer or "") for embed in reply.embeds]
    parts += [field.name for embed in reply.embeds for field in embed.fields]
    parts += [button.label for button in reply.buttons]
    return " ".join(parts)


def titles(reply: Reply) -> list[str]:
    return [line for line in description(reply).splitlines() if line.startswith("**")]


# --- finding and ranking -------------------------------------------------------------------------


async def test_finds_the_shipped_film_by_a_word_in_its_text(app) -> None:  # type: ignore[no-untyped-def]
    reply = await search(app, "observatory")
    assert not reply.ephemeral and reply.suppress_embeds
    assert titles(reply) == [r"**1. La La Land \(2016\)** · Symbolism"]
    assert "Observatory" in hidden_text(description(reply)) + visible_text(description(reply))


async def test_title_words_rank_first_then_how_often_the_words_occur(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, film_yaml("Kestrel", 1990))
    once = "A kestrel flies over the house."
    await store(app, film_yaml("Once", 1991, synopsis=once))
    often = "The kestrel, the kestrel again, and a third kestrel."
    await store(app, film_yaml("Often", 1992, synopsis=often))
    await store(app, film_yaml("Never", 1993))
    reply = await search(app, "kestrel")
    assert [line.split("** ·")[0] for line in titles(reply)] == [
        r"**1. Kestrel \(1990\)",
        r"**2. Often \(1992\)",
        r"**3. Once \(1991\)",
    ]


def ranked(reply: Reply) -> list[str]:
    return [line.split("** ·")[0].split(". ", 1)[1] for line in titles(reply)]


async def test_equal_matches_come_newest_first_not_in_the_order_they_were_stored(app) -> None:  # type: ignore[no-untyped-def]
    """Films whose text matches alike came in the order their files were stored, which is
    title order: a search showed a 1936 film before a remake of 2015 for no reason a member
    could see. Equal matches come newest first, the remake of a title too, and so they do
    past the matches ranked first (fifty alike, five shown)."""
    films = [
        film_yaml(f"Common {year}", year, synopsis="A common tale.") for year in range(1950, 2000)
    ]
    await app.loader.store(
        [parse_film_bytes(text.encode(), f"c{n}.yaml") for n, text in enumerate(films)], guild_id=0
    )
    await store(app, film_yaml("Current of the Silence", 1980, synopsis="A lake."))
    await store(app, film_yaml("Current of the Silence", 1998, synopsis="A lake."))
    await app.catalog.refresh()

    assert ranked(await search(app, "tale")) == [
        rf"Common {y} \({y}\)" for y in range(1999, 1994, -1)
    ]
    assert ranked(await search(app, "silence")) == [
        r"Current of the Silence \(1998\)",
        r"Current of the Silence \(1980\)",
    ]


async def test_equal_matches_put_the_title_that_is_the_query_then_one_that_holds_it_first(
    app,
) -> None:  # type: ignore[no-untyped-def]
    """A film named by an alias matched as well as one whose title holds the word, and came
    first by being newer; the title the member typed whole comes before one holding it. An
    alias typed whole names its films as film commands take it (Enter asks between the two),
    so they lead, and the title holding the word comes next, before other matches."""
    aliased = "aliases: [Harbour]\nsections:"
    await store(app, film_yaml("Stone Lights", 2005).replace("sections:", aliased))
    await store(app, film_yaml("Lights Stone", 2010).replace("sections:", aliased))
    await store(app, film_yaml("Harbour Stone Lights", 1990))

    assert ranked(await search(app, "harbour")) == [
        r"Lights Stone \(2010\)",
        r"Stone Lights \(2005\)",
        r"Harbour Stone Lights \(1990\)",
    ]
    assert ranked(await search(app, "stone lights"))[0] == r"Stone Lights \(2005\)"


async def test_a_film_is_found_by_its_initials_as_film_commands_take_them(app) -> None:  # type: ignore[no-untyped-def]
    """Was "Nothing matches your search" for "eeaao", which /film info answers; initials
    that are an everyday word ("cat") are searched for as that word."""
    await store(app, film_yaml("Everything Everywhere All at Once", 2022))
    await store(app, film_yaml("Children at Twilight", 1990))
    await store(app, film_yaml("Stray Tails", 1995, synopsis="A cat in the city."))

    assert ranked(await search(app, "eeaao")) == [r"Everything Everywhere All at Once \(2022\)"]
    assert ranked(await search(app, "cat")) == [r"Stray Tails \(1995\)"]


@pytest.mark.parametrize(
    ("query", "series", "others"),
    [
        # Was Part III (1990) before Part II (1974): equal matches came newest first.
        ("godfather", ["The Godfather Part II", "The Godfather Part III"], []),
        ("rocky", ["Rocky", "Rocky II", "Rocky III", "Rocky IV"], []),
        ("oceans", ["Ocean's Eleven", "Ocean's Twelve", "Ocean's Thirteen"], []),
        # A film of another name, matching as well, keeps its place among them, newest first.
        ("kill bill", ["Kill Bill: Vol. 1", "Kill Bill: Vol. 2"], ["Bill and the Kill"]),
    ],
)
async def test_equal_matches_of_one_series_come_in_its_order(
    app, query: str, series: list[str], others: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """Films of one series matching alike are listed as the series runs, Part II before Part
    III, whatever their years; the places they take among other films are those newest
    first gives (the series' newest film's place for its first)."""
    years = {title: 1970 + 5 * at for at, title in enumerate(series)}
    years |= {title: 1990 for title in others}
    for title, year in reversed(list(years.items())):  # stored newest first
        await store(app, film_yaml(f'"{title}"', year, synopsis="A quiet town."))

    found = [line.rsplit(" \\(", 1)[0] for line in ranked(await search(app, query))]

    assert [title for title in found if title in series] == series
    assert sorted(found) == sorted(years)


@pytest.mark.parametrize(
    ("query", "named", "other"),
    [
        # The film whose name is the query came after one whose title holds its word and
        # whose text says it more often: "seven" ranked Seven Samurai above Se7en.
        ("seven", "Se7en (1995)", "Seven Samurai (1954)"),
        ("godfather", "The Godfather (1972)", "The Godfather Part II (1974)"),
        ("heat", "Heat (1995)", "Heat Wave (1990)"),
    ],
)
async def test_the_film_the_query_names_whole_comes_first(
    app, query: str, named: str, other: str
) -> None:  # type: ignore[no-untyped-def]
    """A member who types a film's name, as film commands take it, is looking for that film:
    it comes first, however often another film's text repeats the word."""
    title, year = named.rsplit(" (", 1)
    await store(app, film_yaml(f'"{title}"', int(year[:-1]), synopsis="A quiet town."))
    often = " ".join([f"The {query} again."] * 4)
    title, year = other.rsplit(" (", 1)
    await store(app, film_yaml(f'"{title}"', int(year[:-1]), synopsis=often))

    found = ranked(await search(app, query))

    assert [line.replace("\\", "") for line in found] == [named, other]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        # Every film command takes these for the title; search found nothing for them ("Nothing
        # matches your search"), as its index held only the title's own words ("ocean", "s").
        ("oceans eleven", r"Ocean’s Eleven \(2001\)"),
        ("oceans 11", r"Ocean’s Eleven \(2001\)"),
        ("walle", r"WALL·E \(2008\)"),
        ("spiderman", r"Spider\-Man: Into the Spider\-Verse \(2018\)"),
        ("dont look up", r"Don't Look Up \(2021\)"),
        ("godfather 2", r"The Godfather Part II \(1974\)"),
        ("mash", r"M\*A\*S\*H \(1970\)"),
        # A title's word with a word of its text.
        ("walle planet", r"WALL·E \(2008\)"),
    ],
)
async def test_a_title_typed_as_film_commands_take_it_is_found(app, query: str, title: str) -> None:  # type: ignore[no-untyped-def]
    for name, year in [
        ("Ocean’s Eleven", 2001),
        ("WALL·E", 2008),
        ("Spider-Man: Into the Spider-Verse", 2018),
        ("Don't Look Up", 2021),
        ("The Godfather", 1972),
        ("The Godfather Part II", 1974),
        ("M*A*S*H", 1970),
    ]:
        await store(app, film_yaml(f'"{name}"', year, synopsis="A small planet."))

    found = ranked(await search(app, query))

    assert found and found[0] == title, found


async def test_every_title_film_commands_take_is_found_first_by_search(app) -> None:  # type: ignore[no-untyped-def]
    """Search reads a typed title as film options do (``tests.support.typed_titles``): the
    film Enter answers with comes first, and each film Enter asks about is listed. Was
    "Nothing matches your search" for every text naming a film by more than words its index
    holds: "lotr 2001", "LOTR (2002)" and "eeaao 2022" (a year), "l.o.t.r." (dotted initials),
    "rocky 1", a page's address pasted."""
    files = [parse_film_bytes(film_file(*film), f"{film[0]}.yaml") for film in TYPED_FILMS]
    await app.loader.store(files)
    await app.catalog.refresh()

    async def found(typed: str) -> list[str]:
        reply = await search(app, typed)
        return [line.replace("\\", "") for line in ranked(reply)] if reply.embeds else []

    missed = {
        typed: title for typed, title in ANSWERED if (await found(typed))[:1] != [LABELS[title]]
    }
    for typed, asked in ASKED:
        if not {LABELS[title] for title in asked} <= set(await found(typed)):
            missed[typed] = ", ".join(asked)
    assert not missed


async def test_every_word_must_match_and_accents_and_case_do_not_matter(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, film_yaml("Amélie Again", 2001, synopsis="A CAFÉ in Montmartre."))
    assert len(titles(await search(app, "amelie cafe"))) == 1
    assert len(titles(await search(app, "MONTMARTRE café"))) == 1
    nothing = await search(app, "montmartre zeppelin")
    # What the member typed may be a spoiler: a search asked in public does not repeat it
    # (its answer goes to the channel when it came after a public "thinking…").
    assert not nothing.embeds and nothing.suppress_embeds
    assert (nothing.content or "").startswith(
        "⚠️ Nothing matches your search: try fewer words, or check the spelling."
    )
    privately = await search(app, "montmartre zeppelin", private=True)
    assert privately.ephemeral and "“montmartre zeppelin”" in (privately.content or "")
    # One word cannot be made fewer (was: "try fewer words" for a single word).
    one = await search(app, "zeppelin")
    assert (one.content or "").startswith(
        "⚠️ Nothing matches your search: check the spelling, or try another word."
    )


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("la la land 2017", "'la la land' is **La La Land (2016)**"),
        ("La La Land (2015)", "'La La Land' is **La La Land (2016)**"),
        ("lotr 1999", "'lotr' are the initials of **The Lord of the Rings"),
        # An article or a web search's words passed over, as the film option passes them.
        ("the la la land 2017", "'la la land' is **La La Land (2016)**"),
        ("la la land movie 2017", "'la la land' is **La La Land (2016)**"),
    ],
)
async def test_a_title_with_a_year_none_of_its_films_has_is_told_the_years_it_has(
    app, query: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    """Was "try fewer words, or check the spelling", where the film option says which year
    the title has: a member who typed the title right and the year wrong is told so, publicly
    without repeating the search (its own words are a film's name)."""
    for title, year in [
        ("The Lord of the Rings: The Fellowship of the Ring", 2001),
        ("The Lord of the Rings: The Two Towers", 2002),
    ]:
        await store(app, film_yaml(f'"{title}"', year))

    nothing = await search(app, query)

    content = nothing.content or ""
    assert nothing.is_error and nothing.ephemeral, nothing
    assert "with that year" in content and said in content, content
    assert "Give its year as shown, or leave the year out" in content, content
    assert "fewer words" not in content and f"“{query}”" not in content, content


@pytest.mark.parametrize(
    ("query", "series"),
    [
        # Were newest first (The Return of the King first): a series known by the name
        # before its titles' colon runs as its films came out.
        ("lotr", ["Fellowship", "Two Towers", "Return of the King"]),
        ("lord of the rings", ["Fellowship", "Two Towers", "Return of the King"]),
        ("pirates caribbean", ["Black Pearl", "Dead Man", "End"]),
    ],
)
async def test_films_of_one_name_before_a_colon_come_in_the_order_they_came_out(
    app, query: str, series: list[str]
) -> None:  # type: ignore[no-untyped-def]
    for title, year in [
        ("The Lord of the Rings: The Return of the King", 2003),
        ("The Lord of the Rings: The Fellowship of the Ring", 2001),
        ("The Lord of the Rings: The Two Towers", 2002),
        ("Pirates of the Caribbean: At World's End", 2007),
        ("Pirates of the Caribbean: The Curse of the Black Pearl", 2003),
        ("Pirates of the Caribbean: Dead Man's Chest", 2006),
    ]:
        await store(app, film_yaml(f'"{title}"', year, synopsis="A quiet sea."))

    found = [line.replace("\\", "") for line in ranked(await search(app, query))]

    assert len(found) == len(series), found
    for line, part in zip(found, series, strict=True):
        assert part in line, found


@pytest.mark.parametrize(
    "query", ["zeppelin", "montmartre zeppelin", "married", "zzzz qqqq", "observatory zeppelin"]
)
async def test_a_search_that_finds_nothing_is_said_to_the_asker_alone(app, query: str) -> None:  # type: ignore[no-untyped-def]
    """Was a public "Nothing matches your search" in the channel, where every other answer
    that finds nothing ("No film matches ...") is the asker's alone: a channel read a line of
    noise for each mistyped search. Answered at once, it is private, as a mistake is."""
    nothing = await search(app, query)  # in a standard channel ("married": the ending's)

    assert nothing.ephemeral and nothing.is_error, nothing
    assert "Nothing matches" in (nothing.content or "")


async def test_at_most_five_results(app) -> None:  # type: ignore[no-untyped-def]
    for year in range(2000, 2008):
        await store(app, film_yaml(f"Common {year}", year, synopsis="A common tale."))
    assert len(titles(await search(app, "tale"))) == 5


def footer(reply: Reply) -> str:
    return reply.embeds[0].footer or ""


async def test_results_say_when_more_films_match_than_are_shown(app) -> None:  # type: ignore[no-untyped-def]
    # Eight films match, five are shown: the member is told there are more and how to narrow
    # the search, not left to think the five are all (was: "Best matches first" alone).
    for year in range(2000, 2008):
        await store(app, film_yaml(f"Common {year}", year, synopsis="A common tale."))
    many = await search(app, "tale")
    assert len(titles(many)) == 5
    assert "more films match" in footer(many) and "add words" in footer(many)
    # Exactly as many as are shown: nothing more to tell.
    for year in range(2010, 2015):
        await store(app, film_yaml(f"Rare {year}", year, synopsis="A rare fable."))
    five = await search(app, "fable")
    assert len(titles(five)) == 5 and "more films match" not in footer(five)
    one = await search(app, "observatory")
    assert len(titles(one)) == 1 and "more films match" not in footer(one)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_row_id_gone_to_another_servers_film_neither_shows_nor_counts(app) -> None:  # type: ignore[no-untyped-def]
    # Six films match, five are shown: the sixth only says more films match, and is read for
    # its version alone. A row id the catalog (and the index) still name for this server may
    # be another server's film by now (SQLite reuses ids): one that is must count for
    # nothing, beyond the five or among them (then the sixth takes its place).
    for year in range(2000, 2006):
        await store(app, film_yaml(f"Common {year}", year, synopsis="A common tale."))
    assert "more films match" in footer(await search(app, "tale"))
    async with app.sessions() as session:
        rows = (await session.execute(select(Film.year, Film.id, Film.slug))).all()
    ids = {year: (film_id, slug) for year, film_id, slug in rows if year >= 2000}

    async def give(year: int, *, away: bool = True) -> None:
        # The row holds another server's film now (or its own again); nothing tells the
        # catalog or the index.
        film_id, slug = ids[year]
        async with app.sessions() as session:
            row = await session.get(Film, film_id)
            row.guild_id, row.slug = (OTHER_GUILD, f"other-{year}") if away else (0, slug)
            await session.commit()
        # Its text is the same here (another film's would not be): what a search kept of
        # it by its content hash is let go, so that it is read again.
        app.film_search._films.clear()

    def shown(reply: Reply) -> list[int]:
        return [int(title.split(r"\(")[1][:4]) for title in titles(reply)]

    await give(2000)  # the sixth (newest first among equal matches)
    five = await search(app, "tale")
    assert shown(five) == [2005, 2004, 2003, 2002, 2001]
    assert "more films match" not in footer(five), footer(five)
    await give(2000, away=False)
    await give(2003)  # one of the five: the sixth takes its place, nothing more
    taken = await search(app, "tale")
    assert shown(taken) == [2005, 2004, 2002, 2001, 2000]
    assert "more films match" not in footer(taken), footer(taken)
    await give(2000)  # and neither: four
    four = await search(app, "tale")
    assert shown(four) == [2005, 2004, 2002, 2001] and "more films match" not in footer(four)


async def test_a_query_without_words_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    reply = await search(app, "?! ||")
    assert reply.ephemeral and reply.content and "at least one word" in reply.content


async def test_a_query_of_common_words_alone_says_so_and_how_to_search(app) -> None:  # type: ignore[no-untyped-def]
    """Was: "the" or "a of" listed five films at random (every film's text has them), as if
    they were results. Words that tell nothing are said to, privately, with what to type."""
    for query in ["the", "a", "The A", "of the", "an, and"]:
        reply = await search(app, query)
        assert reply.ephemeral and not reply.embeds, query
        assert reply.content and "common words" in reply.content, query
        assert "/film search query:" in reply.content and "/film info" in reply.content
    # One telling word among them searches as before, and so does a title of such words.
    assert titles(await search(app, "the observatory"))
    await store(app, film_yaml("The And", 2020, synopsis="A rare fable."))
    assert any("The And" in line for line in titles(await search(app, "the and")))


async def test_query_syntax_is_never_interpreted(app) -> None:  # type: ignore[no-untyped-def]
    for query in ['"la', "land*", "NEAR(la land)", "la OR nothing", "title:la", "^la"]:
        reply = await search(app, query)
        assert reply.content is None or "Nothing matches" in reply.content, query


async def test_the_index_follows_content_changes(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, film_yaml("Changing", 2010, synopsis="An albatross story."))
    assert len(titles(await search(app, "albatross"))) == 1
    await store(app, film_yaml("Changing", 2010, synopsis="A penguin story."))
    assert "Nothing matches" in ((await search(app, "albatross")).content or "")
    assert len(titles(await search(app, "penguin"))) == 1


async def test_a_film_changed_while_the_index_catches_up_is_not_found_by_its_old_text(
    app, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A search stops waiting for the index after a while and ranks in it as it is: a film an
    edit changed meanwhile was found by its old text, though the word it was found by had
    moved into the ending, and its old passage (from memory) was shown as spoiler-free."""
    import bot.features.film.search as search_module

    await add_rows(app, ReaderSettings(user_id=2000, all_films=True))
    await store(app, film_yaml("Moving Word", 2011, synopsis="A pelican story."))
    assert len(titles(await search(app, "pelican"))) == 1  # indexed, its passages kept

    gate = asyncio.Event()
    sync = app.film_search._sync

    async def held_sync() -> None:
        await gate.wait()
        await sync()

    monkeypatch.setattr(app.film_search, "_sync", held_sync)
    monkeypatch.setattr(search_module, "FIRST_BUILD_WAIT", 0)
    moved = film_yaml("Moving Word", 2011, synopsis="A bird story.").replace(
        "It ends quietly.", "The pelican dies."
    )
    await store(app, moved)
    for reply in (await search(app, "pelican"), await search(app, "pelican", private=True)):
        assert not found(reply) and "Moving Word" not in str(reply.payload())

    gate.set()
    await app.film_search.index()
    assert not found(await search(app, "pelican"))
    # Once caught up, a reader who opted in finds it by its ending.
    assert len(titles(await search(app, "pelican", asker(user=2000), private=True))) == 1


# --- which films a server sees -------------------------------------------------------------------


async def test_a_servers_own_film_is_invisible_to_other_servers(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, film_yaml("Private Reel", 2020, synopsis="A heron story."), guild_id=GUILD)
    assert len(titles(await search(app, "heron"))) == 1
    other = await search(app, "heron", asker(guild=OTHER_GUILD))
    assert "Nothing matches" in (other.content or "")
    assert "Private Reel" not in description(await film_list(app, asker(guild=OTHER_GUILD)))


async def test_a_servers_own_film_shadows_the_global_one(app) -> None:  # type: ignore[no-untyped-def]
    own = film_yaml("La La Land", 2016, synopsis="This server's own flamingo synopsis.")
    await store(app, own, guild_id=GUILD)
    ours = await search(app, "flamingo")
    assert len(titles(ours)) == 1
    # The global version's text is no longer found here, but still in other servers.
    assert "Nothing matches" in ((await search(app, "observatory")).content or "")
    assert len(titles(await search(app, "observatory", asker(guild=OTHER_GUILD)))) == 1
    assert description(await film_list(app)).count("La La Land") == 1


# --- spoilers ------------------------------------------------------------------------------------


def found(reply: Reply) -> bool:
    """Whether the reply lists results (rather than saying nothing matches)."""
    return bool(reply.embeds) and bool(titles(reply))


async def test_spoiler_text_is_not_searched_where_its_reader_could_not_read_it_openly(app) -> None:  # type: ignore[no-untyped-def]
    """A result, even with its text behind bars, would tell a member who never asked that the
    words are in that film's ending: spoiler text (ending, plot, inline spans) is searched
    only where it would be shown in the open."""
    await store(app, MARKED)
    for word in (MARKER, INLINE, UNDER_HEADING):
        reply = await search(app, word)
        assert not found(reply), word
        assert "Marker Film" not in str(reply.payload())
        assert "private:true" in (reply.content or "")  # says where spoiler text is searched
        private = await search(app, word, private=True)  # not marked seen
        assert not found(private) and "Marker Film" not in str(private.payload()), word


async def test_the_open_words_beside_an_inline_span_find_the_film_and_the_span_stays_hidden(
    app,
) -> None:  # type: ignore[no-untyped-def]
    """The synopsis "A quiet town with a secret, ||<INLINE> is the culprit||." shows "A quiet
    town with a secret" to everyone: those words find the film, the span's never do, and the
    passage found is shown with its span hidden (was: the whole text, span and all, was kept
    from search, so a member searching the open words found nothing)."""
    await store(app, MARKED)
    reply = await search(app, "quiet town")
    assert found(reply) and "Marker Film" in titles(reply)[0]
    assert INLINE not in visible_text(description(reply))
    assert not found(await search(app, INLINE))
    assert not found(await search(app, f"quiet {INLINE}"))


async def test_a_film_found_by_its_open_text_shows_an_open_passage(app) -> None:  # type: ignore[no-untyped-def]
    """The shown passage is picked among what found the film, never a spoiler holding more of
    the query's words."""
    await store(
        app,
        film_yaml("Open Word", 2002, synopsis="The harbour wakes.").replace(
            "It ends quietly.", "The harbour burns, the harbour floods, the harbour falls."
        ),
    )
    reply = await search(app, "harbour")
    assert titles(reply) and "Open Word" in titles(reply)[0]
    assert "Synopsis" in titles(reply)[0]
    assert "The harbour wakes" in visible_text(description(reply))
    assert "floods" not in description(reply)


async def test_a_safe_heading_shows_and_the_answer_under_it_stays_wrapped(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, MARKED)
    text = description(await search(app, HEADING))
    assert HEADING in visible_text(text)
    assert UNDER_HEADING not in visible_text(text) and UNDER_HEADING in hidden_text(text)


async def test_spoiler_channel_searches_and_shows_everything(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, MARKED)
    await add_rows(app, ChannelRule(channel_id=SPOILERS, guild_id=GUILD, mode="spoilers"))
    for word in (MARKER, INLINE, UNDER_HEADING):
        reply = await search(app, word, asker(SPOILERS))
        assert not reply.ephemeral and word in visible_text(description(reply)), word


async def test_no_spoiler_channel_withholds_publicly_and_wraps_privately(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, MARKED)
    await add_rows(app, ChannelRule(channel_id=NO_SPOILERS, guild_id=GUILD, mode="no-spoilers"))
    public = await search(app, HEADING, asker(NO_SPOILERS))
    assert not public.ephemeral
    assert UNDER_HEADING not in str(public.payload())
    assert "hidden in this channel" in description(public)
    assert "withheld" in (public.embeds[0].footer or "")
    private = await search(app, HEADING, asker(NO_SPOILERS), private=True)
    assert private.ephemeral
    assert UNDER_HEADING not in visible_text(description(private))
    assert UNDER_HEADING in hidden_text(description(private))


async def test_private_results_are_shown_to_an_opted_in_reader(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, MARKED)
    await add_rows(app, ReaderSettings(user_id=1000, all_films=True))
    private = await search(app, MARKER, private=True)
    assert private.ephemeral and MARKER in visible_text(description(private))
    # In public their opt-in never unwraps text for everyone else, nor finds the film by it.
    public = await search(app, MARKER, asker(user=1000))
    assert not found(public) and "Marker Film" not in str(public.payload())


async def test_a_reader_who_marked_one_film_seen_searches_that_films_spoilers_alone(app) -> None:  # type: ignore[no-untyped-def]
    """Ranked together: one film by its spoilers (seen), the other by its open text only."""
    seen = MARKED
    unseen = film_yaml(
        "Twin Marker", 2003, synopsis=f"A film about the {HEADING} bird.", extra=""
    ).replace("It ends quietly.", f"In the end {MARKER} wins.")
    await store(app, seen)
    await store(app, unseen)
    marked = app.catalog.resolve(GUILD, "Marker Film")
    await add_rows(app, SeenFilm(user_id=1000, work=marked.work, title=marked.title, year=2001))
    private = await search(app, MARKER, private=True)
    assert [line for line in titles(private) if "Twin Marker" in line] == []
    assert MARKER in visible_text(description(private))
    both = await search(app, HEADING, private=True)
    assert len(titles(both)) == 2
    assert MARKER not in visible_text(description(both).split("Twin Marker")[-1])


async def test_an_embargo_withholds_the_film_in_public(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, MARKED)
    entry = app.catalog.resolve(GUILD, "Marker Film")
    await add_rows(
        app,
        Embargo(
            guild_id=GUILD,
            work=entry.work,
            title=entry.title,
            year=entry.year,
            until=dt.date(2999, 1, 1),
        ),
    )
    assert not found(await search(app, MARKER))
    reply = await search(app, HEADING)
    assert UNDER_HEADING not in str(reply.payload())
    assert "embargo" in description(reply)


async def test_in_a_dm_results_are_private_and_wrapped(app) -> None:  # type: ignore[no-untyped-def]
    await store(app, MARKED)
    assert not found(await search(app, MARKER, asker(channel=None, guild=None)))
    reply = await search(app, HEADING, asker(channel=None, guild=None))
    assert reply.ephemeral
    assert UNDER_HEADING not in visible_text(description(reply))


# --- /film list ----------------------------------------------------------------------------------


async def test_list_pages_through_every_film(app) -> None:  # type: ignore[no-untyped-def]
    for number in range(30):
        await store(app, film_yaml(f"Film {number:02}", 1990 + number))
    first = await film_list(app)
    assert not first.ephemeral
    lines = description(first).splitlines()
    assert len(lines) == 25 and lines[0] == r"• Film 00 \(1990\)"
    assert [b.label for b in first.buttons] == ["◀ Previous", "Next ▶"]
    assert first.buttons[0].disabled and not first.buttons[1].disabled
    assert "Page 1/2 · 31 films" in (first.embeds[0].footer or "")
    second = await app.press(asker(user=5), first.buttons[1].custom_id)
    assert second.edits_original and not second.ephemeral
    assert len(description(second).splitlines()) == 6
    assert second.buttons[1].disabled
    assert "La La Land" in description(await film_list(app, page=2))
    missing = await film_list(app, page=3)
    assert missing.ephemeral and "no page 3: the list has 2 pages" in (missing.content or "")


async def test_list_of_one_page_has_no_buttons(app) -> None:  # type: ignore[no-untyped-def]
    reply = await film_list(app)
    assert description(reply) == r"• La La Land \(2016\)"
    assert reply.rows == ()


async def test_a_search_during_a_long_first_build_says_to_try_again(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bot.features.film.search as search_module

    monkeypatch.setattr(search_module, "FIRST_BUILD_WAIT", 0)
    waiting = await search(app, "observatory")
    # Told to the audience the search was acknowledged to (public here), never a wider one.
    assert not waiting.ephemeral and "Try again in a minute" in (waiting.content or "")
    private = await search(app, "observatory", private=True)
    assert private.ephemeral and "Try again in a minute" in (private.content or "")
    await app.film_search.index()  # the build carries on in the background and finishes
    assert len(titles(await search(app, "observatory"))) == 1


async def test_closing_stops_an_index_build_still_running(app) -> None:  # type: ignore[no-untyped-def]
    """The build holds a database connection: closing must not leave it behind, running."""
    await app.film_search.index(wait=0)
    build = app.film_search._update
    assert build is not None and not build.done()
    await app.close()
    assert build.done()


async def test_ranking_and_results_are_built_off_the_event_loop(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    import bot.features.film.search as search_module
    from bot.features.film.search_index import SearchIndex

    threads: dict[str, threading.Thread] = {}
    ranked, built = SearchIndex.search, search_module._results_reply

    def ranking(*args: Any) -> list[int]:
        threads["ranking"] = threading.current_thread()
        return ranked(*args)

    def building(*args: Any) -> Reply:
        threads["results"] = threading.current_thread()
        return built(*args)

    monkeypatch.setattr(SearchIndex, "search", ranking)
    monkeypatch.setattr(search_module, "_results_reply", building)

    reply = await search(app, "Sebastian")

    assert "La La Land" in description(reply)
    assert set(threads) == {"ranking", "results"}
    assert threading.main_thread() not in threads.values()


async def test_the_index_build_prepares_no_text_on_the_event_loop(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Building the index works out, for every text of every film, its spoiler level, the open
    words beside its inline spans and the words members type for its title: tens of ms of CPU
    for each batch of films, which held up every keystroke and command arriving meanwhile.
    None of it runs on the event loop's thread, whatever the database."""
    import threading

    import bot.features.film.search as search_module

    await store(app, MARKED)
    await store(app, film_yaml("Second Film", 2012, synopsis="A ||hidden|| heron story."))
    loop_thread = threading.get_ident()
    threads: list[int] = []

    def watched(name: str) -> None:
        work = getattr(search_module, name)

        def run(*args: Any) -> Any:
            threads.append(threading.get_ident())
            return work(*args)

        monkeypatch.setattr(search_module, name, run)

    for name in ("effective_level", "open_words", "typed_words", "credits_text"):
        watched(name)
    monkeypatch.setattr(search_module, "BATCH", 1)  # several steps, each watched

    index = await app.film_search.index()

    assert index is not None and len(index) >= 3
    assert len(threads) >= 3 * len(index)  # every film's texts were prepared, and watched
    assert loop_thread not in threads
    assert len(titles(await search(app, "heron"))) == 1  # and the index is the one it was


async def test_films_hashes_are_read_a_few_at_a_time_and_the_index_follows_them(
    app, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Which films changed is told by every film's content hash: read all at once, 100,000
    films' rows arrived on the event loop (PostgreSQL) in a quarter of a second of its CPU.
    They are read a few at a time, and the index still holds every film as it is."""
    import bot.features.film.search as search_module

    monkeypatch.setattr(search_module, "HASHES_PER_READ", 2)
    read = search_module.read_content_hashes
    sizes: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> dict[int, str]:
        found = read(*args, **kwargs)
        sizes.append(len(found))
        return found

    monkeypatch.setattr(search_module, "read_content_hashes", counted)
    for number, word in enumerate(("osprey", "kestrel", "puffin", "gannet", "plover")):
        await store(app, film_yaml(f"Bird {number}", 2000 + number, synopsis=f"A {word} story."))
    for word in ("osprey", "kestrel", "puffin", "gannet", "plover"):
        assert len(titles(await search(app, word))) == 1
    async with app.sessions() as session:
        films = len((await session.execute(select(Film.id))).all())
    assert films >= 6 and sum(sizes) == films and max(sizes) <= 2

    await store(app, film_yaml("Bird 3", 2003, synopsis="A curlew story."))
    assert len(titles(await search(app, "curlew"))) == 1
    assert "Nothing matches" in ((await search(app, "gannet")).content or "")
    assert len(titles(await search(app, "plover"))) == 1


async def test_the_index_build_holds_no_second_copy_of_every_films_hash(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Which films changed is told by every film's content hash. The build held all of them
    read (a second map beside the index's own, some 20 MB at 100,000 films) while it indexed
    every film; at most a page of them is alive now, whether the index is built afresh or
    follows a change."""
    import bot.features.film.search as search_module

    class Read(str):
        """A content hash as read, counted while alive."""

        alive = 0

        def __new__(cls, value: str) -> Read:
            cls.alive += 1
            return super().__new__(cls, value)

        def __del__(self) -> None:
            Read.alive -= 1

    read, add = search_module.read_content_hashes, search_module._add_rows
    held: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> dict[int, str]:
        return {film_id: Read(digest) for film_id, digest in read(*args, **kwargs).items()}

    def adding(*args: Any, **kwargs: Any) -> None:
        held.append(Read.alive)
        add(*args, **kwargs)

    monkeypatch.setattr(search_module, "HASHES_PER_READ", 2)
    monkeypatch.setattr(search_module, "BATCH", 1)
    monkeypatch.setattr(search_module, "read_content_hashes", counted)
    monkeypatch.setattr(search_module, "_add_rows", adding)
    words = ("osprey", "kestrel", "puffin", "gannet", "plover", "curlew", "dunlin", "avocet")
    for number, word in enumerate(words):
        await store(app, film_yaml(f"Bird {number}", 2000 + number, synopsis=f"A {word} story."))

    assert len(titles(await search(app, "gannet"))) == 1
    assert len(held) >= len(words) and max(held) <= 2  # every film indexed, a page at most held

    held.clear()
    await store(app, film_yaml("Bird 3", 2003, synopsis="A sanderling story."))
    assert len(titles(await search(app, "sanderling"))) == 1
    assert "Nothing matches" in ((await search(app, "gannet")).content or "")
    assert held and max(held) <= 2


async def test_results_follow_the_rules_in_force_when_they_are_sent(app) -> None:  # type: ignore[no-untyped-def]
    """The channel is made no-spoilers while the results are rendered: they are sent as a
    search there now would be, every spoiler withheld, not wrapped."""
    await store(app, MARKED)
    real = app.standings
    mod = Invocation(
        user_id=5, guild_id=GUILD, channel_id=STANDARD, permissions=frozenset({"manage_messages"})
    )
    from bot.command_table import ChannelRef

    class ChangeAfterFirstRead:
        changed = False

        async def judge(self, invocation: Invocation) -> Any:
            standing = await real.judge(invocation)
            if not self.changed:
                self.changed = True  # the moderator's change lands right after this read
                options = {"channel": ChannelRef(STANDARD, GUILD), "mode": "no-spoilers"}
                await run_command(app, command_table()["spoiler-rules channel"], mod, options)
            return standing

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    app.standings = ChangeAfterFirstRead()
    reply = await search(app, HEADING)

    assert not reply.ephemeral and titles(reply)
    shown = description(reply)
    assert UNDER_HEADING not in shown and "||" not in shown
