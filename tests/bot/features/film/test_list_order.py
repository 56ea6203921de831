"""``/film list`` in the order a member looks a title up by: as a library shelves it.

Was: raw title order, so "The Godfather" and "A Quiet Place" stood under T and A, far from
"Godfather, The" where members look, and "10 Things I Hate About You" came before "9 to 5".
"""

from __future__ import annotations

import dataclasses
import random
import re

from bot.catalog import shelf_order
from bot.command_table import command_table
from bot.content.film_file import parse_film_bytes
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.features.film_admin.hiding import hidden_choices
from bot.invocation import Invocation
from tests.support.discord_markdown import visible_text
from tests.support.typed_titles import film_file

GUILD = 1
MEMBER = Invocation(user_id=1000, guild_id=GUILD, channel_id=10)

# In the order a member expects; global films and one the server uploaded itself (*).
SHELVED = [
    ("9 to 5", 1980),
    ("10 Cloverfield Lane", 2016),
    ("10 Things I Hate About You", 1999),
    ("12 Angry Men", 1957),
    ("(500) Days of Summer", 2009),  # its number by value, the brackets passed over
    ("2001: A Space Odyssey", 1968),
    ("A", 2030),  # only an article: nothing to shelve it by but itself
    # A letter, not an article: under A, where it was shelved under I ("i artificial …").
    ("A.I. Artificial Intelligence", 2001),
    ("Akira", 1988),
    ("Amélie", 2001),
    ("An American Werewolf in London", 1981),  # under American
    ("The Birds", 1963),
    ("Dune", 1984),
    ("Dune", 2021),
    ("The Godfather", 1972),
    ("The Godfather Part II", 1974),
    ("La La Land", 2016),  # not an English article: under L
    ("Ocean's Eleven", 2001),
    ("Ocean's Twelve", 2004),
    ("A Quiet Place", 2018),  # under Quiet
    ("Rocky", 1976),
    ("Saw", 2004),
    ("Saw 3D", 2010),
    ("Saw 10", 2023),  # after Saw 3D: ten comes after three
    ("Se7en", 1995),  # a digit inside a word: after Saw, as the word reads
    ("Théma", 2020),  # an accent folded: before Thing, not after Z
    ("The Thing", 1982),
    ("Up", 2009),
]
OWN = {("Ocean's Twelve", 2004), ("The Birds", 1963)}


async def listed(app: Epilogue) -> list[str]:
    titles: list[str] = []
    page = 1
    while True:
        reply = await run_command(app, command_table()["film list"], MEMBER, {"page": page})
        titles += re.findall(r"^• (.*)$", visible_text(reply.embeds[0].description or ""), re.M)
        if not reply.rows or reply.rows[0][1].disabled:
            return titles
        page += 1


async def test_film_list_shelves_titles_by_their_first_word_and_numbers_by_value(
    app: Epilogue,
) -> None:
    stored = list(SHELVED)
    random.Random(7).shuffle(stored)  # the order films were stored in must not matter
    for title, year in stored:
        film = parse_film_bytes(film_file(title, year, []), f"{title}.yaml")
        await app.loader.store([film], guild_id=GUILD if (title, year) in OWN else 0)
    await app.catalog.refresh()

    assert await listed(app) == [f"{title} ({year})" for title, year in SHELVED]


async def test_every_list_of_films_is_in_the_one_shelf_order(app: Epilogue) -> None:
    """Was: /spoilers status listed the films marked seen, and /film-admin unhide offered the
    hidden ones, by raw code point ("zodiac" after "WALL·E", "Æon Flux" after both, "The
    Birds" under T), each in another order than /film list."""
    extra = [("zodiac", 2007), ("Æon Flux", 2005), ("WALL·E", 2008)]
    for title, year in SHELVED + extra:
        await app.loader.store([parse_film_bytes(film_file(title, year, []), f"{title}.yaml")])
    await app.catalog.refresh()
    table = command_table()
    admin = Invocation(
        user_id=5, guild_id=GUILD, channel_id=10, permissions=frozenset({"manage_guild"})
    )
    films = app.catalog.films(GUILD)
    listed_order = [entry.label for entry in films]
    shuffled = list(films)
    random.Random(3).shuffle(shuffled)  # marked and hidden in no particular order
    for n, entry in enumerate(shuffled):
        seen = Invocation(user_id=1000, guild_id=GUILD, channel_id=10, interaction_id=100 + n)
        await run_command(app, table["spoilers seen"], seen, {"film": entry.choice_value})

    status = await run_command(app, table["spoilers status"], MEMBER, {})
    shown = visible_text(status.embeds[0].description or "").replace("**", "")
    marked = re.findall(r"^• (.*)$", shown, re.M)
    assert marked == listed_order

    for n, entry in enumerate(shuffled):
        hide = dataclasses.replace(admin, interaction_id=500 + n)
        await run_command(app, table["film-admin hide"], hide, {"film": entry.choice_value})
    offered = [choice.name for choice in await hidden_choices(app, admin, "", {})]
    assert offered == listed_order[: len(offered)]


# Films of a series, in the series' order: by their numbers, however the titles write them.
SERIES = [
    ("Ocean's Eleven", 2001),
    ("Ocean's Twelve", 2004),  # was after Thirteen: "twelve" after "thirteen" letter by letter
    ("Ocean's Thirteen", 2007),
    ("Rocky", 1976),
    ("Rocky II", 1979),
    ("Rocky IV", 1985),
    ("Rocky V", 1990),
    ("Rocky Balboa", 2006),  # no number: after the numbered films, by its letters
    ("Shrek", 2001),
    ("Shrek 2", 2004),
    ("Shrek the Third", 2007),  # was after Shrek Forever After
    ("Shrek Forever After", 2010),
    ("Star Wars: Episode IV – A New Hope", 1977),
    ("Star Wars: Episode V – The Empire Strikes Back", 1980),
    ("Star Wars: Episode IX – The Rise of Skywalker", 2019),  # was before Episode V
    ("Whale: Part Two", 2023),
    ("Whale: Part Three", 2025),  # was before Part Two
]


async def test_film_list_shelves_a_series_in_its_order(app: Epilogue) -> None:
    stored = list(SERIES)
    random.Random(11).shuffle(stored)
    for title, year in stored:
        await app.loader.store([parse_film_bytes(film_file(title, year, []), f"{title}.yaml")])
    await app.catalog.refresh()

    shipped = "La La Land (2016)"  # the app's own film, shelved under L among them
    in_list = [label for label in await listed(app) if label != shipped]
    assert in_list == [f"{title} ({year})" for title, year in SERIES]
    # The lists read from elsewhere (seen films, hidden films) sort by the same key.
    assert sorted(SERIES, key=lambda film: shelf_order(*film)) == SERIES
