"""Real film titles of every shape members find hard to type, and what they type instead.

One table for the catalog's own tests and for the commands' (autocomplete and Enter): a title
typed their way must be answered, and offered first, in every command that takes a film.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from bot.catalog import FilmCatalog

TYPED_FILMS: list[tuple[str, int, list[str]]] = [
    ("La La Land", 2016, []),
    ("WALL·E", 2008, []),  # a middle dot inside the word
    ("M*A*S*H", 1970, []),
    ("S.W.A.T.", 2003, []),
    ("Se7en", 1995, []),
    ("Amélie", 2001, []),
    ("Léon: The Professional", 1994, []),
    ("Æon Flux", 2005, []),  # a ligature no accent-stripping takes apart
    ("Les Misérables", 2012, []),
    ("Ocean’s Eleven", 2001, []),  # a typographic apostrophe
    ("Don't Look Up", 2021, []),
    ("Schindler's List", 1993, []),
    ("Spider-Man: Into the Spider-Verse", 2018, []),
    ("E.T. the Extra-Terrestrial", 1982, []),
    ("Mission: Impossible", 1996, []),
    ("Mission: Impossible – Fallout", 2018, []),  # an en dash
    ("Star Wars: Episode IV — A New Hope", 1977, []),  # an em dash
    ("Star Wars: Episode V — The Empire Strikes Back", 1980, []),
    ("The Godfather", 1972, []),
    ("The Godfather Part II", 1974, []),
    ("The Godfather Part III", 1990, []),
    ("Rocky", 1976, []),
    ("Rocky II", 1979, []),
    ("Toy Story 3", 2010, []),
    ("Blade Runner 2049", 2017, []),  # a number longer than a sequel's
    ("Kill Bill: Vol. 1", 2003, []),
    ("Kill Bill: Vol. 2", 2004, []),
    ("Mad Max", 1979, []),
    ("The Road Warrior", 1981, ["Mad Max II"]),  # a sequel's number in an alias
    ("Akira", 1988, []),
    ("The Fifth Element", 1997, []),
    ("Crouching Tiger, Hidden Dragon", 2000, []),
    # Numbers inside a word, and ordinals, as digits or words (typed the other way).
    ("Seven Samurai", 1954, []),
    ("Thir13en Ghosts", 2001, []),  # a number's digits inside its own word
    ("The Sixth Sense", 1999, []),
    ("The 6th Day", 2000, []),
    # "and" as an ampersand or a lone "n" ("'n'"), typed either way.
    ("Fast & Furious", 2009, []),
    ("Rock 'n' Roll High School", 1979, []),
    # A sequel's number as an ordinal after "the", ending the title.
    ("Shrek the Third", 2007, []),
    # One title starts with a word others hold inside ("emp" starts Empire of the Sun alone).
    ("Empire of the Sun", 1987, []),
    ("Inland Empire", 2006, []),
    # Known by their initials: a whole title's, or its part before the colon's.
    ("Everything Everywhere All at Once", 2022, []),
    ("Eternal Sunshine of the Spotless Mind", 2004, []),
    ("The Lord of the Rings: The Fellowship of the Ring", 2001, []),
    ("The Lord of the Rings: The Two Towers", 2002, []),
    # Titles typed with letters of another script drawn as Latin ones, and films whose own
    # titles are in those scripts (found as typed all the same).
    ("Inception", 2010, []),
    ("Брат", 1997, []),
    ("Ζορμπάς ο Έλληνας", 1964, []),
    # Numbers past twenty, in digits or words, typed the other way.
    ("2001: A Space Odyssey", 1968, []),
    ("28 Days Later", 2002, []),
    ("Nineteen Eighty-Four", 1984, []),
    ("Thirty Two Short Films About Glenn Gould", 1993, []),
    ("21", 2008, []),
    ("The 13th Warrior", 1999, []),
]

LABELS = {title: f"{title} ({year})" for title, year, _aliases in TYPED_FILMS}

ANSWERED: list[tuple[str, str]] = [
    # Punctuation inside a word, typed without it, joined or spaced, or with it.
    ("walle", "WALL·E"),
    ("wall e", "WALL·E"),
    ("wall-e", "WALL·E"),
    ("WALL·E", "WALL·E"),
    # Underscores for spaces, as a wiki's address or a hashtag writes a title.
    ("la_la_land", "La La Land"),
    ("Spider_Man_Into_the_Spider_Verse", "Spider-Man: Into the Spider-Verse"),
    ("mash", "M*A*S*H"),
    ("m a s h", "M*A*S*H"),
    ("m*a*s*h", "M*A*S*H"),
    ("swat", "S.W.A.T."),
    ("s.w.a.t.", "S.W.A.T."),
    ("s w a t", "S.W.A.T."),
    ("se7en", "Se7en"),
    ("et the extra terrestrial", "E.T. the Extra-Terrestrial"),
    ("e.t. the extra", "E.T. the Extra-Terrestrial"),
    ("extraterrestrial", "E.T. the Extra-Terrestrial"),
    ("spiderman into the spiderverse", "Spider-Man: Into the Spider-Verse"),
    ("spider man into", "Spider-Man: Into the Spider-Verse"),
    ("spiderverse", "Spider-Man: Into the Spider-Verse"),
    ("dont look up", "Don't Look Up"),
    ("don’t look up", "Don't Look Up"),
    # Accents, ligatures, apostrophes of every kind, full-width letters.
    ("amelie", "Amélie"),
    ("AMÉLIE", "Amélie"),
    ("leon the professional", "Léon: The Professional"),
    ("aeon flux", "Æon Flux"),
    ("æon", "Æon Flux"),
    ("les miserables", "Les Misérables"),
    ("ocean's eleven", "Ocean’s Eleven"),
    ("oceans 11", "Ocean’s Eleven"),
    ("oceanʼs eleven", "Ocean’s Eleven"),  # U+02BC, a letter to Unicode
    ("schindler’s list", "Schindler's List"),
    ("schindlers list", "Schindler's List"),
    ("ＡＫＩＲＡ", "Akira"),  # full-width, as a Japanese keyboard types it
    ("the ﬁfth element", "The Fifth Element"),  # the "fi" ligature
    ("crouching tiger hidden dragon", "Crouching Tiger, Hidden Dragon"),
    # A number inside a word read as the number word it stands in ("Se7en" is "Seven"), and
    # ordinals as digits or words, whichever the title has.
    ("seven", "Se7en"),
    ("seven 1995", "Se7en"),
    ("seven samurai", "Seven Samurai"),
    ("7 samurai", "Seven Samurai"),
    ("thirteen ghosts", "Thir13en Ghosts"),
    ("13 ghosts", "Thir13en Ghosts"),
    ("5th element", "The Fifth Element"),
    ("the 5th element", "The Fifth Element"),
    ("6th sense", "The Sixth Sense"),
    ("sixth sense", "The Sixth Sense"),
    ("sixth day", "The 6th Day"),
    ("the sixth day", "The 6th Day"),
    # Colons and dashes, typed or not.
    ("mission impossible", "Mission: Impossible"),
    ("mission impossible fallout", "Mission: Impossible – Fallout"),
    ("mission impossible - fallout", "Mission: Impossible – Fallout"),
    ("mission: impossible — fallout", "Mission: Impossible – Fallout"),
    ("star wars episode iv", "Star Wars: Episode IV — A New Hope"),
    ("star wars episode 4", "Star Wars: Episode IV — A New Hope"),
    ("star wars episode four", "Star Wars: Episode IV — A New Hope"),
    ("star wars 5", "Star Wars: Episode V — The Empire Strikes Back"),
    ("empire strikes back", "Star Wars: Episode V — The Empire Strikes Back"),
    # A sequel's number as digits, roman numerals or words, with "part" or without.
    ("godfather", "The Godfather"),
    ("godfather 2", "The Godfather Part II"),
    ("godfather ii", "The Godfather Part II"),
    ("godfather two", "The Godfather Part II"),
    ("godfather part 2", "The Godfather Part II"),
    ("the godfather part two", "The Godfather Part II"),
    ("godfather pt 2", "The Godfather Part II"),
    ("godfather 3", "The Godfather Part III"),
    ("godfather part iii", "The Godfather Part III"),
    ("rocky", "Rocky"),
    ("rocky 2", "Rocky II"),
    ("rocky two", "Rocky II"),
    ("rocky part 2", "Rocky II"),
    ("toy story three", "Toy Story 3"),
    ("toy story iii", "Toy Story 3"),
    ("blade runner 2", "Blade Runner 2049"),  # the start of a title's own number
    ("kill bill 2", "Kill Bill: Vol. 2"),
    ("kill bill vol 2", "Kill Bill: Vol. 2"),
    ("kill bill volume 1", "Kill Bill: Vol. 1"),
    ("kill bill vol. ii", "Kill Bill: Vol. 2"),
    ("mad max 2", "The Road Warrior"),  # by its alias "Mad Max II"
    ("mad max two", "The Road Warrior"),
    ("mad max", "Mad Max"),
    ("la la", "La La Land"),
    ("la", "La La Land"),  # a whole word of the title, however short
    ("aki", "Akira"),  # three letters of a title's start
    # "and" written "&", "n" or "'n'" in the title or in what is typed ("fast n furious").
    ("fast n furious", "Fast & Furious"),
    ("fast 'n' furious", "Fast & Furious"),
    ("fast and furious", "Fast & Furious"),
    ("rock n roll high school", "Rock 'n' Roll High School"),
    ("rock and roll high school", "Rock 'n' Roll High School"),
    ("rock & roll high school", "Rock 'n' Roll High School"),
    # A first film's number typed though its title has none: the film the sequels go on from.
    ("rocky 1", "Rocky"),
    ("rocky i", "Rocky"),
    ("rocky one", "Rocky"),
    ("godfather part 1", "The Godfather"),
    ("the godfather pt. i", "The Godfather"),
    ("mad max 1", "Mad Max"),
    # A sequel numbered "the Third" at its title's end, typed as any sequel's number.
    ("shrek 3", "Shrek the Third"),
    ("shrek iii", "Shrek the Third"),
    ("shrek the 3rd", "Shrek the Third"),
    # A title's article moved to its end, as catalogues list it.
    ("Godfather, The", "The Godfather"),
    ("godfather part ii, the", "The Godfather Part II"),
    ("Sixth Sense, The", "The Sixth Sense"),
    # The same of a title that has no article: passed over, as one typed before it is (was:
    # "No film matches 'La La Land, The'").
    ("La La Land, The", "La La Land"),
    ("akira, the", "Akira"),
    ("Toy Story 3, The", "Toy Story 3"),
    ("Inception, An", "Inception"),
    ("La La Land, The (2016)", "La La Land"),  # with the year after it
    ("Godfather, The (1972)", "The Godfather"),
    # Words added as into a web search, tied to the title by a possessive or "the … of":
    # typed and Enter pressed, they said "No film matches" (or only "Did you mean").
    ("la la land's ending", "La La Land"),
    ("the ending of la la land", "La La Land"),
    ("what's the ending of amelie", "Amélie"),
    ("godfather spoiler", "The Godfather"),
    ("explanation of the sixth sense", "The Sixth Sense"),
    # A page about the film pasted (a wiki, a film site): the title its address spells.
    ("https://en.wikipedia.org/wiki/La_La_Land", "La La Land"),
    ("https://letterboxd.com/film/la-la-land/", "La La Land"),
    ("letterboxd.com/film/wall-e/", "WALL·E"),
    ("https://www.rottentomatoes.com/m/the_godfather_part_ii", "The Godfather Part II"),
    ("<https://fr.wikipedia.org/wiki/Am%C3%A9lie>", "Amélie"),
    ("https://en.wikipedia.org/wiki/Mad_Max_(film)", "Mad Max"),
    ("https://www.themoviedb.org/movie/149-akira?language=en-US", "Akira"),
    # A title's initials, as film communities write it ("EEAAO won best picture").
    ("eeaao", "Everything Everywhere All at Once"),
    ("EEAAO", "Everything Everywhere All at Once"),
    ("e.e.a.a.o.", "Everything Everywhere All at Once"),
    ("eeaao movie", "Everything Everywhere All at Once"),
    ("esotsm", "Eternal Sunshine of the Spotless Mind"),
    ("lotrtfotr", "The Lord of the Rings: The Fellowship of the Ring"),
    # Initials and the year, as a title is dated to tell it from another ("lotr" alone asks
    # which): typed and Enter pressed, they said "No film matches".
    ("lotr 2001", "The Lord of the Rings: The Fellowship of the Ring"),
    ("LOTR (2002)", "The Lord of the Rings: The Two Towers"),
    ("l.o.t.r. 2002", "The Lord of the Rings: The Two Towers"),
    ("lotr '01", "The Lord of the Rings: The Fellowship of the Ring"),
    ("eeaao 2022", "Everything Everywhere All at Once"),
    ("esotsm, 2004", "Eternal Sunshine of the Spotless Mind"),
    # Letters of another script drawn as Latin ones, styled or full-width: Enter said "No
    # film matches" for the Cyrillic and Greek ones, suggesting nothing for "lа lа lаnd".
    ("lа lа lаnd", "La La Land"),  # Cyrillic "а"
    ("Ιnception", "Inception"),  # a Greek capital iota
    ("іnсерtіоn", "Inception"),  # Cyrillic і, с, е, р
    ("ｌａ ｌａ ｌａｎｄ", "La La Land"),  # full-width
    ("𝐥𝐚 𝐥𝐚 𝐥𝐚𝐧𝐝", "La La Land"),  # mathematical bold
    ("ᴀᴋɪʀᴀ", "Akira"),  # small capitals
    ("АКІRА", "Akira"),  # Cyrillic capitals
    # Numbers past twenty in words for a title's digits, and digits for its words: Enter said
    # "No film matches 'two thousand and one'" (nor suggested it).
    ("two thousand and one", "2001: A Space Odyssey"),
    ("two thousand and one a space odyssey", "2001: A Space Odyssey"),
    ("2001 a space odyssey", "2001: A Space Odyssey"),
    ("twenty eight days later", "28 Days Later"),
    ("twenty-eight days later", "28 Days Later"),
    ("1984", "Nineteen Eighty-Four"),
    ("nineteen eighty four", "Nineteen Eighty-Four"),
    ("32 short films about glenn gould", "Thirty Two Short Films About Glenn Gould"),
    ("twenty one", "21"),
    ("twenty-one", "21"),
    ("the thirteenth warrior", "The 13th Warrior"),
    ("13th warrior", "The 13th Warrior"),
    # A title in those scripts is its own: never read as Latin letters.
    ("Брат", "Брат"),
    ("брат", "Брат"),
    ("ζορμπας ο ελληνας", "Ζορμπάς ο Έλληνας"),
    ("Ζορμπάς", "Ζορμπάς ο Έλληνας"),
]

ASKED: list[tuple[str, list[str]]] = [
    # Several films fit: Enter asks, naming them, and autocomplete offers each of them.
    ("kill bill", ["Kill Bill: Vol. 1", "Kill Bill: Vol. 2"]),
    ("godfather part", ["The Godfather Part II", "The Godfather Part III"]),
    (
        "star wars episode",
        ["Star Wars: Episode IV — A New Hope", "Star Wars: Episode V — The Empire Strikes Back"],
    ),
    # The start of one title and of a word inside others: each of them may be the film meant.
    (
        "emp",
        [
            "Empire of the Sun",
            "Inland Empire",
            "Star Wars: Episode V — The Empire Strikes Back",
        ],
    ),
    ("empi", ["Empire of the Sun", "Inland Empire"]),
    # Initials several titles share (the part before their colon).
    (
        "lotr",
        [
            "The Lord of the Rings: The Fellowship of the Ring",
            "The Lord of the Rings: The Two Towers",
        ],
    ),
]


def film_file(title: str, year: int, aliases: list[str]) -> bytes:
    """A content file for a film: every kind of answer a film command may ask for."""
    document: dict[str, Any] = {
        "title": title,
        "year": year,
        "aliases": aliases,
        "synopsis": "A film.",
        "sections": [
            {"kind": "quick_answer", "body": "It ends."},
            {"kind": "ending", "body": "It ends."},
        ],
    }
    return yaml.safe_dump(document, allow_unicode=True).encode()


async def catalog_of(path: Path, films: list[tuple[str, int, list[str]]]) -> FilmCatalog:
    """A catalog of ``films`` (title, year, aliases), stored in a new SQLite database at
    ``path`` and read as a start reads it; its database closed after."""
    from bot.catalog import FilmCatalog
    from bot.content.film_file import parse_film_bytes
    from bot.content.loader import ContentLoader
    from bot.db.engine import create_engine, migrate, session_factory

    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    sessions = session_factory(engine)
    files = [parse_film_bytes(film_file(*film), f"{film[0]}.yaml") for film in films]
    await ContentLoader(sessions).store(files)
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    await engine.dispose()
    return catalog
