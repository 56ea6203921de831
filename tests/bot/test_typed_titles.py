"""Titles typed the way members type them: every shape answered on Enter and offered first.

The table (``tests.support.typed_titles``) holds real titles with punctuation inside words,
accents, ligatures, apostrophes, dashes, colons, full-width letters and sequel numbers; the
commands' own run of it is in ``tests/bot/test_dispatch.py``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.catalog import FUZZY_CANDIDATES, FilmCatalog, _NameFilter
from bot.content.film_file import parse_film_bytes
from bot.content.loader import ContentLoader
from bot.db.engine import create_engine, migrate, session_factory
from bot.errors import NotFound
from tests.support.typed_titles import ANSWERED, ASKED, LABELS, TYPED_FILMS, film_file

FILLER = [(f"Harbour Lights {n}", 1950 + n % 70, []) for n in range(200)]
"""Films enough for the large-catalog lookups: trigram candidates, their hashed names."""


@pytest.fixture(scope="module", params=["few films", "many films"])
def catalog(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> FilmCatalog:
    """Read once for the module: the catalog keeps its films in memory, the database closed.
    With many films, every lookup a large catalog has is worked out first, as it is soon
    after a start."""
    films = TYPED_FILMS + (FILLER if request.param == "many films" else [])
    catalog = asyncio.run(_catalog_of(tmp_path_factory.mktemp("typed") / "t.db", films))
    if request.param == "many films":
        scope = catalog._global
        assert len(scope.films) > FUZZY_CANDIDATES
        scope._postings  # noqa: B018 - worked out now, with the hashed names
        scope._word_postings  # noqa: B018
        assert scope.spaceless is not None
    return catalog


async def _catalog_of(path: Path, films: list[tuple[str, int, list[str]]]) -> FilmCatalog:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    sessions = session_factory(engine)
    files = [parse_film_bytes(film_file(*film), f"{film[0]}.yaml") for film in films]
    await ContentLoader(sessions).store(files)
    films = FilmCatalog(sessions)
    await films.refresh()
    await engine.dispose()
    return films


@pytest.mark.parametrize(("typed", "title"), ANSWERED)
async def test_a_title_typed_their_way_is_answered_and_offered_first(
    catalog: FilmCatalog, typed: str, title: str
) -> None:
    """Enter and autocomplete agree on what a typed text means: the film Enter answers with
    is the first choice (was: "godfather 2" answered Part II, offered The Godfather first)."""
    assert catalog.find(None, typed).label == LABELS[title]
    assert catalog.named_clearly(None, typed) == catalog.find(None, typed)
    assert [entry.label for entry in catalog.search(None, typed)][:1] == [LABELS[title]]


@pytest.mark.parametrize(
    ("typed", "other"),
    [
        # A sequel's whole number typed: the start of another's ("episode i" of "episode iv")
        # answered that film, its ending included, for a film not here (or hidden here).
        ("star wars episode i", "Star Wars: Episode IV — A New Hope"),
        ("star wars i", "Star Wars: Episode IV — A New Hope"),
        ("rocky i", "Rocky II"),
        ("godfather part i", "The Godfather Part II"),
        # The same in digits: "oceans 1" starts "oceans 11", Ocean's Eleven written as members
        # type it; "1" typed whole is the first film's number, not the eleventh's start.
        ("oceans 1", "Ocean’s Eleven"),
        ("ocean's 1", "Ocean’s Eleven"),
    ],
)
async def test_a_sequel_number_typed_whole_never_answers_another_number(
    catalog: FilmCatalog, typed: str, other: str
) -> None:
    try:
        answered = catalog.find(None, typed).label
    except NotFound:
        answered = None
    assert answered != LABELS[other]
    named = catalog.named_clearly(None, typed)
    assert named is None or named.label != LABELS[other]


@pytest.mark.parametrize(
    ("typed", "sequel"),
    [
        # The first film's whole title, that film not here: Enter answered the sequel, its
        # ending included ("toy story" sent Toy Story 3's ending to a member asking about
        # Toy Story), as "rocky ii" once answered Rocky III.
        ("toy story", "Toy Story 3"),
        ("the toy story", "Toy Story 3"),
        ("blade runner", "Blade Runner 2049"),
    ],
)
async def test_a_title_a_sequel_goes_on_from_asks_rather_than_answer_the_sequel(
    catalog: FilmCatalog, typed: str, sequel: str
) -> None:
    with pytest.raises(NotFound, match="did you mean") as refused:
        catalog.find(None, typed)
    assert LABELS[sequel] in str(refused.value)
    assert catalog.named_clearly(None, typed) is None
    # Offered first all the same: picking it, or typing its number, answers it.
    assert [entry.label for entry in catalog.search(None, typed)][:1] == [LABELS[sequel]]


@pytest.mark.parametrize(
    ("typed", "longer", "start"),
    [
        ("alien", "Aliens (1986)", "alie"),
        ("her", "Hereditary (2018)", "heredi"),
        ("saw", "Sawdust (2001)", "sawd"),
        ("pack", "Night of the Packhorse (1999)", "packh"),  # a word inside the title
        # A whole word typed alone that a longer title opens with: Heat is a film too.
        ("heat", "Heat Wave (1990)", "heat w"),
        ("speed", "Speed Racer (2008)", "speed rac"),
    ],
)
async def test_a_whole_word_typed_never_answers_a_title_it_only_starts(
    tmp_path: Path, typed: str, longer: str, start: str
) -> None:
    """ "alien" and Enter answered Aliens, its ending included, for a member asking about Alien
    (not here): a whole everyday word typed is a title of its own, not the start of a longer
    word. It is offered instead, as a start too short to tell is."""
    films = [("Aliens", 1986, []), ("Hereditary", 2018, []), ("Sawdust", 2001, [])]
    films += [("Night of the Packhorse", 1999, []), ("Heat Wave", 1990, [])]
    films.append(("Speed Racer", 2008, []))
    catalog = await _catalog_of(tmp_path / "w.db", films)
    with pytest.raises(NotFound, match="did you mean") as refused:
        catalog.find(None, typed)
    assert longer in str(refused.value)
    assert catalog.named_clearly(None, typed) is None
    assert [entry.label for entry in catalog.search(None, typed)][:1] == [longer]
    # A start that is no word answers, as before; so does the whole word, or the title.
    assert catalog.find(None, start).label == longer
    assert catalog.find(None, longer.split(" (")[0]).label == longer


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        # Another country's title, or words left out: every short title holding "and" or
        # "the" scored as close as the film itself (WRatio's one shared word), and came first.
        ("harry potter and the sorcerers stone", "Harry Potter and the Philosopher's Stone"),
        ("lotr return of the king", "The Lord of the Rings: The Return of the King"),
        ("return of the king", "The Lord of the Rings: The Return of the King"),
    ],
)
async def test_a_film_sharing_only_filler_words_is_not_offered_before_one_sharing_the_title(
    tmp_path: Path, typed: str, title: str
) -> None:
    films = [
        ("Harry Potter and the Philosopher's Stone", 2001, []),
        ("The Lord of the Rings: The Return of the King", 2003, []),
    ]
    # Short titles holding only the query's filler words ("and", "the", "of").
    films += [("Fast & Furious", 2009, []), ("Romeo + Juliet", 1996, [])]
    films += [("Léon: The Professional", 1994, []), ("The Fast and the Furious", 2001, [])]
    films += [("Night of the Living Dead", 1968, []), ("The Godfather", 1972, [])]
    catalog = await _catalog_of(tmp_path / "f.db", films)

    offered = [entry.title for entry in catalog.search(None, typed)]

    assert offered[:1] == [title], offered


@pytest.mark.parametrize(
    ("typed", "meant", "unlike"),
    [
        # A short word of a longer title, shorter than the text, read as its misspelling.
        ("tenat", "Tenet (2020)", ["Ten Islands (1951)", "Ten Stars (1938)"]),
        ("herr", "Her (2013)", ["Heron Bay (1990)"]),
        ("glass onoin", "Glass Onion (2022)", ["Ten Islands (1951)"]),
    ],
)
async def test_did_you_mean_offers_titles_spelt_like_the_text_not_a_shorter_word_of_one(
    tmp_path: Path, typed: str, meant: str, unlike: list[str]
) -> None:
    films = [("Tenet", 2020, []), ("Ten Islands", 1951, []), ("Ten Stars", 1938, [])]
    films += [("Her", 2013, []), ("Heron Bay", 1990, []), ("Glass Onion", 2022, [])]
    catalog = await _catalog_of(tmp_path / "s.db", films)

    with pytest.raises(NotFound, match="Did you mean") as refused:
        catalog.find(None, typed)

    assert meant in str(refused.value)
    for other in unlike:
        assert other not in str(refused.value)


@pytest.mark.parametrize(("typed", "title"), [("akira 1", "Akira"), ("amelie one", "Amélie")])
async def test_a_first_number_answers_only_a_film_a_numbered_sequel_goes_on_from(
    catalog: FilmCatalog, typed: str, title: str
) -> None:
    """ "rocky 1" answers Rocky, as Rocky II goes on from it; a film no sequel here follows
    may not be the one meant ("dune 1" for Part One with only the 1984 film here), so it is
    offered, not answered."""
    with pytest.raises(NotFound, match="Did you mean") as refused:
        catalog.find(None, typed)
    assert LABELS[title] in str(refused.value)
    assert catalog.named_clearly(None, typed) is None


@pytest.mark.parametrize(("typed", "title"), [("ak", "Akira"), ("am", "Amélie"), ("wa", "WALL·E")])
async def test_two_letters_of_a_title_ask_rather_than_answer(
    catalog: FilmCatalog, typed: str, title: str
) -> None:
    """Two letters and Enter (or a slip of the key) answered the only film starting so, its
    ending included; now it is offered, and the member picks it or types on."""
    with pytest.raises(NotFound, match="only the start of a title") as refused:
        catalog.find(None, typed)
    assert LABELS[title] in str(refused.value)
    assert catalog.named_clearly(None, typed) is None


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("https://www.imdb.com/title/tt3783958/", "names no film by its words"),
        ("https://example.org/blog/harbour-of-nothing", "'harbour of nothing'"),
    ],
)
async def test_a_web_address_that_spells_no_film_says_it_is_one(
    catalog: FilmCatalog, typed: str, said: str
) -> None:
    """Was "No film matches 'https://www.imdb.com/title/tt3783958/'. Use /film list": true,
    but a member who pasted a link learned nothing of why."""
    with pytest.raises(NotFound) as refused:
        catalog.find(None, typed)
    assert "is a web address" in str(refused.value) and said in str(refused.value)
    assert "type the film's title" in str(refused.value).lower()
    assert catalog.named_clearly(None, typed) is None


@pytest.mark.parametrize(("typed", "titles"), ASKED)
async def test_a_text_several_films_fit_asks_and_offers_each(
    catalog: FilmCatalog, typed: str, titles: list[str]
) -> None:
    with pytest.raises(NotFound, match="Several films") as asked:
        catalog.find(None, typed)
    offered = [entry.label for entry in catalog.search(None, typed)]
    for title in titles:
        assert f"**{LABELS[title]}**" in asked.value.message.replace("\\", "")
        assert LABELS[title] in offered
    assert catalog.named_clearly(None, typed) is None


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("spidermanintothespiderverse", "Spider-Man: Into the Spider-Verse"),
        ("rocky21979", "Rocky II"),
    ],
)
async def test_a_whole_name_with_its_spaces_left_out_names_the_film(
    catalog: FilmCatalog, typed: str, title: str
) -> None:
    """The hashed names a large catalog checks before its fuzzy search never miss one."""
    assert catalog.find(None, typed).label == LABELS[title]
    assert [entry.label for entry in catalog.search(None, typed)][:1] == [LABELS[title]]


@given(st.lists(st.text(min_size=1, max_size=40), max_size=400))
def test_a_name_added_to_the_name_filter_is_always_found(names: list[str]) -> None:
    """The filter may take a stranger for a name (then the fuzzy search runs as before), never
    a name for a stranger (a film typed with its spaces moved would go unanswered)."""
    kept = _NameFilter(len(names))
    for name in names:
        kept.add(name)
    assert all(name in kept for name in names)


@pytest.mark.parametrize("typed", ["lotr 1999", "LOTR (2010)"])
def test_initials_with_a_year_none_of_their_films_has_are_told_the_years(
    catalog: FilmCatalog, typed: str
) -> None:
    """As "la la land 2017" is: the initials are right, the year is not, and the films they
    name are listed with their years (was "No film matches", with nothing to go on)."""
    with pytest.raises(NotFound) as refused:
        catalog.find(None, typed)
    said = refused.value.message
    assert "with that year" in said and "Give its year as shown" in said, said
    assert "(2001)" in said and "(2002)" in said, said
    assert catalog.named_clearly(None, typed) is None


async def test_initials_that_are_an_everyday_word_ask_rather_than_answer(tmp_path: Path) -> None:
    """ "cat" may be a film titled Cat that is not here: it is asked about, never answered
    with the ending of the one film whose initials it is; initials of no word answer."""
    films = [("Children at Twilight", 1990, []), ("Quiet Stones Near Water", 1991, [])]
    catalog = await _catalog_of(tmp_path / "i.db", films)

    with pytest.raises(NotFound, match="did you mean") as asked:
        catalog.find(None, "cat")
    assert "Children at Twilight (1990)" in str(asked.value)
    assert catalog.named_clearly(None, "cat") is None
    assert catalog.find(None, "qsnw").title == "Quiet Stones Near Water"
    # Two words are no initials, nor a word of a title typed with others.
    assert catalog.named_clearly(None, "ca") is None
    assert catalog.named_clearly(None, "cat 1990") is None


@pytest.mark.parametrize("typed", ["tt3783958", "TT0110413"])
async def test_an_imdb_id_typed_for_a_title_is_told_it_is_one(
    catalog: FilmCatalog, typed: str
) -> None:
    """Was "No film matches 'tt3783958'. Use /film list": as if mistyped; a pasted address
    holding the id was already told an id means nothing here."""
    with pytest.raises(NotFound, match="is an IMDb id: Epilogue knows films by their titles"):
        catalog.find(None, typed)
