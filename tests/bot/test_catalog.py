from __future__ import annotations

import gc
import os
import random
import re
import subprocess
import sys
import threading
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

import bot.catalog
from bot.catalog import (
    FUZZY_CANDIDATES,
    FUZZY_CUTOFF,
    FilmCatalog,
    FilmEntry,
    _filler_words,
    _most_shared,
    _norm,
    _Scope,
    _swaps_undone,
    _without_filler_matches,
)
from bot.content.film_file import parse_film_bytes
from bot.content.loader import ContentLoader
from bot.db.engine import create_engine, migrate, session_factory
from bot.db.models import GLOBAL_SCOPE
from bot.errors import NotFound, SeveralFilms

FILM = """\
title: {title}
year: {year}
aliases: [{aliases}]
synopsis: A film.
sections:
  - kind: quick_answer
    body: It ends.
"""


@pytest.fixture
async def catalog(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    loader = ContentLoader(sessions)

    def film(title: str, year: int, aliases: str = ""):  # type: ignore[no-untyped-def]
        text = FILM.format(title=title, year=year, aliases=aliases)
        return parse_film_bytes(text.encode(), f"{title}.yaml")

    shipped = [film("La La Land", 2016, "LLL"), film("Solaris", 1972), film("Solaris", 2002)]
    shipped.append(film("The Prestige", 2006))
    shipped.extend(film(f"Star Film {n}", 2000 + n % 20) for n in range(40))
    await loader.store(shipped)
    await loader.store([film("Server Cut", 2020), film("The Prestige", 2006, "Ours")], guild_id=7)
    films = FilmCatalog(sessions)
    await films.refresh()
    yield films
    await engine.dispose()


def titles(entries) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.label for e in entries]


async def test_resolve_by_title_alias_label_and_choice_value(catalog: FilmCatalog) -> None:
    la_la = catalog.resolve(None, "la la land")
    assert la_la is not None and la_la.label == "La La Land (2016)"
    assert catalog.resolve(None, "LLL") == la_la
    assert catalog.resolve(None, "La La Land (2016)") == la_la
    assert catalog.resolve(None, la_la.choice_value) == la_la
    assert catalog.resolve(None, "la la lnd") is None


async def test_year_tells_remakes_apart(catalog: FilmCatalog) -> None:
    assert catalog.resolve(None, "Solaris (1972)").year == 1972  # type: ignore[union-attr]
    assert catalog.resolve(None, "solaris 2002").year == 2002  # type: ignore[union-attr]
    # Newest first, as Enter names them when it asks which (was: oldest first here).
    assert titles(catalog.search(None, "solaris"))[:2] == ["Solaris (2002)", "Solaris (1972)"]
    assert titles(catalog.search(None, "solaris 1972"))[0] == "Solaris (1972)"


async def test_fuzzy_prefix_and_typos(catalog: FilmCatalog) -> None:
    assert titles(catalog.search(None, "la la"))[0] == "La La Land (2016)"
    assert titles(catalog.search(None, "prestiege"))[0] == "The Prestige (2006)"
    assert titles(catalog.suggestions(None, "la la lnd"))[0] == "La La Land (2016)"


async def test_at_most_25_choices_and_empty_query_lists_alphabetically(
    catalog: FilmCatalog,
) -> None:
    assert len(catalog.search(None, "star film")) == 25
    listed = catalog.search(None, "")
    assert len(listed) == 25
    assert titles(listed)[0] == "La La Land (2016)"


async def test_server_sees_global_plus_own_and_own_wins(catalog: FilmCatalog) -> None:
    assert catalog.resolve(None, "Server Cut") is None
    own = catalog.resolve(7, "Server Cut")
    assert own is not None and own.guild_id == 7
    prestige = catalog.resolve(7, "The Prestige")
    assert prestige is not None and prestige.guild_id == 7
    global_prestige = catalog.resolve(None, "The Prestige")
    assert global_prestige is not None and global_prestige.guild_id == 0
    assert catalog.visible(7, global_prestige.id) is None
    assert catalog.visible(8, own.id) is None
    assert [e.guild_id for e in catalog.search(7, "prestige")] == [7]
    assert len([e for e in catalog.films(7) if e.title == "The Prestige"]) == 1


async def test_a_typed_title_start_answers_when_only_one_film_fits(catalog: FilmCatalog) -> None:
    """Members press Enter without picking from autocomplete: "la la" means La La Land."""
    assert catalog.find(None, "la la").label == "La La Land (2016)"
    assert catalog.find(None, "the pres").label == "The Prestige (2006)"
    # A server's own copy is the one it gets; its alias counts only there.
    assert catalog.find(7, "the pres").guild_id == 7
    assert catalog.find(7, "ours").guild_id == 7
    with pytest.raises(NotFound, match="No film matches 'ours'"):
        catalog.find(None, "ours")


async def test_a_typed_title_with_its_spaces_moved_names_the_film(catalog: FilmCatalog) -> None:
    """Members write "lala land" and "lalaland" for La La Land, and "solaris1972"."""
    for typed in ("lala land", "lalaland", "LaLa-Land", "la laland 2016"):
        assert catalog.find(None, typed).label == "La La Land (2016)", typed
    assert catalog.find(None, "solaris1972").year == 1972
    # A name a film shares with its remake asks which, respaced or not (``find``'s test below).
    with pytest.raises(NotFound, match="Several films are called 'sol aris'"):
        catalog.find(None, "sol aris")
    # Only a film's whole name: a respaced start, or a word too short to tell, still asks.
    with pytest.raises(NotFound, match="No film matches 'lala'"):
        catalog.find(None, "lala")
    with pytest.raises(NotFound, match="No film matches 'starfilm'"):
        catalog.find(None, "starfilm")
    assert catalog.find(None, "starfilm 3").title == "Star Film 3"


async def test_an_alias_or_title_start_with_the_year_names_the_film(catalog: FilmCatalog) -> None:
    """ "title year" works for a whole title; members add the year to what they know of it too."""
    for typed in ("LLL 2016", "lll (2016)", "la la 2016"):
        assert catalog.find(None, typed).label == "La La Land (2016)", typed
    assert catalog.find(None, "the pres 2006").title == "The Prestige"
    assert catalog.find(7, "ours 2006").guild_id == 7
    # The year tells a film from its remake where the start of the title alone asks.
    assert catalog.find(None, "solar 1972").year == 1972
    # A year the film does not have names nothing.
    with pytest.raises(NotFound, match="No film here matches 'LLL 2017' with that year: 'LLL' is"):
        catalog.find(None, "LLL 2017")


@pytest.mark.parametrize("typed", ["🎬", "!!!", "🍿 🎥", "***", "—"])
async def test_a_title_without_letters_or_digits_is_told_so_not_offered_films(
    catalog: FilmCatalog, typed: str
) -> None:
    """Was "No film matches '🎬'. Did you mean La La Land (2016), …?": the first films in
    the list, offered as close matches to text that names nothing."""
    with pytest.raises(NotFound) as refused:
        catalog.find(None, typed)
    message = refused.value.message
    assert "has no letters or digits" in message and "Did you mean" not in message
    assert "La La Land" not in message
    # Emoji beside a title still find it, and an empty box still lists every film to pick.
    assert catalog.find(None, f"{typed} la la land").label == "La La Land (2016)"
    assert titles(catalog.search(None, typed))[0] == "La La Land (2016)"


async def test_a_pick_from_the_list_outlives_the_list(catalog: FilmCatalog) -> None:
    """Discord sends the value of a choice picked earlier: the film may have changed since."""
    global_prestige = catalog.resolve(None, "The Prestige")
    assert global_prestige is not None
    # Server 7 made its own copy after the member picked the global one: the copy is meant.
    picked = catalog.find(7, global_prestige.choice_value)
    assert picked.guild_id == 7 and picked.title == "The Prestige"
    # A film that is gone is said to be gone, in words, not as the choice's inner value.
    with pytest.raises(NotFound) as gone:
        catalog.find(None, "film-id:999999")
    assert "film-id" not in gone.value.message
    assert "pick it again" in gone.value.message


async def test_a_title_wins_over_another_films_alias(tmp_path: Path) -> None:
    """An alias that is another film's title must not take that title from it."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    files = [
        parse_film_bytes(FILM.format(title=title, year=year, aliases=aliases).encode(), title)
        for title, year, aliases in (("Salt Road", 2019, ""), ("Other", 2020, "Salt Road"))
    ]
    await ContentLoader(sessions).store(files)
    films = FilmCatalog(sessions)
    await films.refresh()
    try:
        assert films.find(None, "salt road").title == "Salt Road"
        assert films.named_clearly(None, "Salt Road").title == "Salt Road"
        assert films.find(None, "salt road 2020").title == "Other"  # the alias with its year
    finally:
        await engine.dispose()


async def test_a_typed_title_start_that_fits_several_films_asks(catalog: FilmCatalog) -> None:
    with pytest.raises(NotFound) as several:
        catalog.find(None, "star film")
    message = several.value.message
    assert message.startswith("Several films start with 'star film':")
    assert message.count("**Star Film") == 5 and "and more" in message
    # A film and its remake: the start of the title asks which, and so does the whole title
    # (newest first, with the year to add), while the year or the choice picked names one.
    with pytest.raises(NotFound, match=r"Several films start with 'solar': \*\*Solaris"):
        catalog.find(None, "solar")
    with pytest.raises(NotFound) as shared:
        catalog.find(None, "Solaris")
    assert shared.value.message == (
        "Several films are called 'Solaris': **Solaris (2002)**, **Solaris (1972)**. Pick one"
        " from the list, or add its year (e.g. 'Solaris 2002')."
    )
    assert catalog.find(None, "solaris 1972").year == 1972
    assert catalog.named_clearly(None, "solaris") is None  # nothing worked out ahead for it
    assert catalog.resolve(None, "solaris").year == 2002  # type: ignore[union-attr]
    remake = catalog.resolve(None, "solaris 1972")
    assert remake is not None and catalog.find(None, remake.choice_value) == remake


@pytest.mark.parametrize("arranged", ["at once", "in the index thread"])
async def test_entries_read_alike_on_either_database(
    database_url: str, arranged: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog reads raw columns (aliases as JSON text on SQLite, a list from asyncpg; the
    revision cut in SQL): each entry holds what the stored film says; a button's key finds it.
    The same when the films are arranged (their kinds of section too) in the index thread, as
    a large catalog's are."""
    if arranged != "at once":
        monkeypatch.setattr(bot.catalog, "KEYS_BUILT_INLINE", 0)
    engine = create_engine(database_url)
    await migrate(engine)
    sessions = session_factory(engine)
    text = FILM + "  - kind: ending\n    body: It really ends.\n"
    films = [
        parse_film_bytes(
            text.format(title="Solaris", year=1972, aliases='"Солярис", "S72"').encode(), "a"
        ),
        parse_film_bytes(FILM.format(title="Heat", year=1995, aliases="").encode(), "b"),
    ]
    await ContentLoader(sessions).store(films)
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    if arranged != "at once":
        assert catalog._arranging is not None
        catalog._arranging.result(10)
    try:
        solaris, heat = catalog.resolve(None, "Солярис"), catalog.resolve(None, "heat")
        assert solaris is not None and heat is not None
        assert solaris.aliases == ("Солярис", "S72") and heat.aliases == ()
        assert solaris.kinds == {"quick_answer", "ending"} and heat.kinds == {"quick_answer"}
        assert solaris.revision == films[0].content_hash[:12]
        assert catalog.by_key(None, solaris.key) == solaris
        assert catalog.by_key(7, heat.key) == heat
    finally:
        await engine.dispose()


def test_normalised_titles_as_the_pattern_makes_them() -> None:
    """The shortcut for titles of letters and digits alone changes nothing."""

    spelled_out = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "þ": "th"})

    def by_pattern(text: str) -> str:
        # Compatibility decomposition: ligatures, full-width letters and "Ⅻ" as typed.
        decomposed = unicodedata.normalize("NFKD", text.casefold().translate(spelled_out))
        unaccented = "".join(c for c in decomposed if not 0x300 <= ord(c) < 0x370)
        folded = unicodedata.normalize("NFC", unaccented).casefold()
        return " ".join(re.sub(r"[\W_]+", " ", folded).split())

    texts = ["La La Land", "  Amélie  ", "Straße 2", "İstanbul", "snake_case", "Tab\there"]
    texts += ["Se7en", "WALL·E", "Ça va", "١٢٣ Arabic digits", "Ⅻ Roman", "a\u0301b", "x²", ""]
    texts += ["Æon Flux", "ＡＫＩＲＡ", "ﬁve", "Œdipe", "Przygoda Łukasza", "ガンダム", "ｶﾞﾝﾀﾞﾑ"]
    for text in texts:
        assert _norm(text) == by_pattern(text), text


async def test_a_film_is_named_clearly_exactly_when_find_would_answer_with_it(
    catalog: FilmCatalog,
) -> None:
    """What typing may work out ahead (``named_clearly``) is what pressing Enter answers."""
    typed_texts = ("la la", "LaLa Land", "solaris", "the pres", "star film 3", "star film", "solar")
    typed_texts += ("LLL 2016", "solar 1972", "ours 2006", "LLL 2017", "film-id:999999")
    for typed in (*typed_texts, "la la lnd", "ours", ""):
        for guild in (None, 7):
            try:
                found = catalog.find(guild, typed)
            except NotFound:
                found = None
            assert catalog.named_clearly(guild, typed) == found, (typed, guild)


@given(
    st.lists(st.integers(0, 300), max_size=600),
    st.integers(1, 200),
)
def test_the_most_shared_candidates_are_what_most_common_gives(
    places: list[int], wanted: int
) -> None:
    """Fuzzy candidates, picked from a tally of counts, are ``Counter.most_common``'s pick:
    the same places in the same order, ties in counting order."""
    shared = Counter(places)
    assert _most_shared(shared, wanted) == [place for place, _ in shared.most_common(wanted)]


_FILLER_TEXTS = [
    "vera and j",
    "hymn in",
    "strange no",
    "postcard 25",
    "the glass 1961",
    "tides of y z",
]
_FILLER_KEYS = [
    "vera and julia",
    "greta and vera 2003",
    "hymn in berlin",
    "in the mood",
    "no way",
    "strange nocturne",
    "postcard 25",
    "the glass house",
    "of mice",
    "1961",
    "y z",
]


def _rescored_as_written(
    wanted: str, filler: frozenset[str], found: list[tuple[str, float, int]]
) -> list[tuple[str, float, int]]:
    """``_without_filler_matches`` as its docstring says it, written out plainly: a key scored
    for a shared filler word alone is scored again by its letters, left out under the cutoff,
    and the list sorted by score, best first, equal scores in the order found."""
    telling = set(wanted.split()) - filler
    kept = []
    for key, score, at in found:
        if score == bot.catalog.ONE_WORD_SHARED and telling.isdisjoint(key.split()):
            partial = fuzz.partial_ratio(wanted, key, score_cutoff=bot.catalog.PARTIAL_CUTOFF)
            score = partial * bot.catalog.PARTIAL_SCALE
            if score < FUZZY_CUTOFF:
                continue
        kept.append((key, score, at))
    return sorted(kept, key=lambda match: -match[1])


@given(
    st.sampled_from(_FILLER_TEXTS),
    st.lists(
        st.tuples(
            st.sampled_from(_FILLER_KEYS),
            st.sampled_from([100.0, 95.0, 90.0, bot.catalog.ONE_WORD_SHARED, 70.0, FUZZY_CUTOFF]),
        ),
        max_size=80,
    ),
)
def test_keys_sharing_a_filler_word_alone_are_scored_again_in_order(
    wanted: str, scored: list[tuple[str, float]]
) -> None:
    """The list keeps rapidfuzz's order where nothing was scored again (equal scores in the
    order found, as the catalog's ties need), and every key shared by a filler word alone
    gets its letters' score or is left out, whichever texts and scores come."""
    filler = _filler_words(wanted)
    assert filler is not None, wanted
    found = sorted(
        [(key, score, at) for at, (key, score) in enumerate(scored)], key=lambda m: -m[1]
    )
    assert _without_filler_matches(wanted, filler, found) == _rescored_as_written(
        wanted, filler, found
    )


async def test_titles_named_in_a_lookup_error_are_escaped(tmp_path: Path) -> None:
    """A server's upload may title a film with markdown (a masked link, strikethrough): the
    "several films" and "did you mean" errors show it as typed, never as formatting."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    hostile = "'Twisty [Official site](https://evil.example) ~~x~~'"
    files = [
        parse_film_bytes(FILM.format(title=title, year=year, aliases="").encode(), str(year))
        for title, year in (("Twisty", 2011), (hostile, 2012))
    ]
    await ContentLoader(sessions).store(files)
    films = FilmCatalog(sessions)
    await films.refresh()
    try:
        for typed in ("twist", "twisti offcial"):
            with pytest.raises(NotFound) as refused:
                films.find(None, typed)
            message = refused.value.message
            assert "Twisty" in message and "evil" in message
            assert "](https://" not in message and "~~x~~" not in message, message
    finally:
        await engine.dispose()


async def test_a_global_versions_key_leads_to_the_servers_copy_of_it(catalog: FilmCatalog) -> None:
    global_prestige = catalog.resolve(None, "The Prestige")
    own = catalog.resolve(7, "The Prestige")
    assert global_prestige is not None and own is not None

    assert catalog.by_key(7, global_prestige.key) is None  # shadowed by the copy
    assert catalog.copy_of(7, global_prestige.key) == own
    assert catalog.copy_of(8, global_prestige.key) is None  # no copy there
    assert catalog.copy_of(7, own.key) is None  # the copy itself is no global version
    assert catalog.copy_of(7, "nosuchkey") is None


def test_each_fuzzy_match_is_reported_with_the_film_whose_key_scored_it() -> None:
    """A fuzzy lookup scores every key of its candidate films (title, "title year", aliases)
    in one list: each score comes back with the film that key belongs to, whether films have
    two keys or five, and whichever films the trigrams picked."""
    rng = random.Random(5)
    words = ["quiet", "harbour", "glass", "river", "night", "paper", "orchard", "lantern"]
    words += ["winter", "signal", "mirror", "garden", "silver", "north", "ember", "tide"]
    entries = [
        FilmEntry(
            id=100 + n,
            guild_id=GLOBAL_SCOPE,
            slug=f"film-{n}",
            title=" ".join(rng.sample(words, rng.randint(1, 3))),
            year=1950 + n % 70,
            aliases=tuple(" ".join(rng.sample(words, 2)) for _ in range(n % 4)),
        )
        for n in range(FUZZY_CANDIDATES * 2)
    ]
    scope = _Scope(sorted(((_norm(e.title), e) for e in entries), key=lambda pair: pair[0]))

    def keys(entry: FilmEntry, wanted: str) -> list[str]:
        title, label = _norm(entry.title), _norm(entry.label)
        others = sorted({_norm(a) for a in entry.aliases} - {"", title, label})
        # "title year" only for a text with a digit: without one, the title key names it.
        return [title, *others, *([label] if any(c.isdigit() for c in wanted) else [])]

    for wanted in ("quiet harbur", "glass rvier", "orchard paper", "nigth", "silver 1961"):
        places = scope._candidates(wanted, FUZZY_CANDIDATES)
        assert len(places) < len(entries)  # the trigrams picked some films, not all
        filler = _filler_words(wanted)
        # Each key as WRatio scores it, a year alone shared scored again (``resembling``).
        expected = Counter(
            (round(rescored, 6), scope.films[place].id)
            for place in places
            for key in keys(scope.films[place], wanted)
            if (score := fuzz.WRatio(wanted, key)) >= FUZZY_CUTOFF
            for _key, rescored, _at in (
                _without_filler_matches(wanted, filler, [(key, score, 0)])
                if filler is not None
                else [(key, score, 0)]
            )
        )
        found = scope.resembling(wanted, 10_000, FUZZY_CANDIDATES)
        assert Counter((round(score, 6), entry.id) for score, entry in found) == expected
        assert expected, wanted


_FUZZY_IN_ANOTHER_PROCESS = """
import json, random
from bot.catalog import FUZZY_CANDIDATES, GLOBAL_SCOPE, FilmEntry, _norm, _Scope
rng = random.Random(5)
words = ["".join(rng.choice("aeioulnrstkmd") for _ in range(rng.randint(4, 7))) for _ in range(60)]
entries = [
    FilmEntry(id=100 + n, guild_id=GLOBAL_SCOPE, slug=f"film-{n}", year=1950 + n % 70,
              title=" ".join(rng.sample(words, rng.randint(2, 4))), aliases=())
    for n in range(2_000)
]
scope = _Scope(sorted(((_norm(e.title), e) for e in entries), key=lambda pair: pair[0]))
typed = [rng.choice(entries).title for _ in range(100)]
typed = [t[: rng.randint(5, len(t))] for t in typed]
typed = [t[:at] + t[at + 1 :] for t in typed for at in [rng.randrange(len(t))]]
print(json.dumps([list(scope._candidates(t, FUZZY_CANDIDATES)) for t in typed]))
"""


def test_a_typed_text_lists_the_same_films_in_every_process() -> None:
    """Python orders a set of strings by their hashes, which differ between processes: ties
    among fuzzy candidates were broken by that order, so one typed text listed other films
    after a restart or on another shard."""
    listed = [
        subprocess.run(
            [sys.executable, "-c", _FUZZY_IN_ANOTHER_PROCESS],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    ]
    assert listed[0].startswith("[[") and listed[0] == listed[1] == listed[2]


async def test_a_title_typed_without_its_accents_names_the_film(tmp_path: Path) -> None:
    """Members type "amelie" and "leon": "No film matches 'leon the professional'" was all
    they got, with Alien offered first."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    named = (("Amélie", 2001), ("Léon: The Professional", 1994), ("Alien", 1979))
    named += (("ガメラ", 1965), ("カメラ", 1990), ("Ça commence aujourd'hui", 1999))
    files = [
        parse_film_bytes(FILM.format(title=f'"{title}"', year=year, aliases="").encode(), title)
        for title, year in named
    ]
    await ContentLoader(sessions).store(files)
    films = FilmCatalog(sessions)
    await films.refresh()
    try:
        assert films.find(None, "amelie").title == "Amélie"
        assert films.find(None, "AMELIE 2001").title == "Amélie"
        assert films.find(None, "leon the professional").title == "Léon: The Professional"
        assert films.find(None, "leon").title == "Léon: The Professional"  # the only one
        assert films.find(None, "ca commence").title == "Ça commence aujourd'hui"
        assert films.find(None, "Ame\u0301lie").title == "Amélie"  # an accent typed apart
        assert titles(films.search(None, "amel"))[0] == "Amélie (2001)"
        # A mark that makes another letter of its script is no accent: ガ is not カ.
        assert films.find(None, "ガメラ").title == "ガメラ"
        assert films.find(None, "カメラ").title == "カメラ"
    finally:
        await engine.dispose()


async def test_a_title_typed_without_its_leading_article_names_the_film(tmp_path: Path) -> None:
    """Members type "prestige" or "thing 1982": "No film matches" was all they got."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    named = (("The Prestige", 2006), ("The Thing", 1982), ("The Thing", 2011), ("Thing", 2020))
    named += (("An Education", 2009), ("A Quiet Place", 2018), ("Quiet Place", 1999))
    named += (("Theory", 2001), ("Another Year", 2010))
    files = [
        parse_film_bytes(FILM.format(title=title, year=year, aliases="").encode(), title)
        for title, year in named
    ]
    await ContentLoader(sessions).store(files)
    films = FilmCatalog(sessions)
    await films.refresh()
    try:
        assert films.find(None, "prestige").label == "The Prestige (2006)"
        assert films.find(None, "presti").label == "The Prestige (2006)"  # its start, as typed
        assert films.find(None, "education").label == "An Education (2009)"
        assert films.find(None, "thing 1982").label == "The Thing (1982)"
        assert films.named_clearly(None, "prestige") == films.find(None, "prestige")
        # A film's own title still wins over another's title without its article.
        assert films.find(None, "thing").label == "Thing (2020)"
        assert films.find(None, "quiet place").label == "Quiet Place (1999)"
        assert films.find(None, "quiet place 2018").label == "A Quiet Place (2018)"
        # Only a whole leading word is an article: "Theory" is not "ory", "Another" not "other".
        with pytest.raises(NotFound):
            films.find(None, "ory")
        with pytest.raises(NotFound):
            films.find(None, "other year")
    finally:
        await engine.dispose()


async def test_a_whole_title_with_the_wrong_year_says_which_year_it_is(
    catalog: FilmCatalog,
) -> None:
    """ "la la land 2017" was answered "No film matches", offering films of 2017 beside it."""
    with pytest.raises(NotFound) as wrong:
        catalog.find(None, "la la land 2017")
    assert wrong.value.message == (
        "No film here matches 'la la land 2017' with that year: 'la la land' is **La La Land"
        " (2016)**. Give its year as shown, or leave the year out."
    )
    with pytest.raises(NotFound) as remade:
        catalog.find(None, "solaris (1990)")
    assert "**Solaris (2002)**, **Solaris (1972)**" in remade.value.message
    assert catalog.find(None, "solaris 1972").year == 1972
    with pytest.raises(NotFound, match="Did you mean"):
        catalog.find(None, "la la lnd 2017")  # not a whole title: suggestions as before


async def _catalog_of(tmp_path: Path, films: list[tuple[str, int, str]]) -> FilmCatalog:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    files = [
        parse_film_bytes(FILM.format(title=title, year=year, aliases=aliases).encode(), title)
        for title, year, aliases in films
    ]
    await ContentLoader(sessions).store(files)
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    await engine.dispose()
    return catalog


SWAPPED_FILMS = [
    ("Ines", 1990, ""),
    ("Ines", 2012, ""),
    ("Ines and Julia", 2005, ""),
    ("An Arrival for Ines", 2019, ""),
    ("The Bitter Ashes of Ines Ortega", 2001, ""),
    ("The Northern Alibi", 2003, ""),
    ("The Northern Ballad", 2011, ""),
    ("Northern Lights", 1999, ""),
    ("Harbour 42", 2015, ""),
    *[(f"Adam and Friend {n}", 1990 + n, "") for n in range(30)],
    ("Adam and Greta", 2020, ""),
]


async def test_a_title_started_with_two_letters_swapped_is_offered_first(
    tmp_path: Path,
) -> None:
    """Members' commonest slip: two neighbouring letters swapped. A text that starts no title
    as typed, but does with them swapped back, lists those films first, ahead of fuzzy
    matches that share a whole word with it ("Ines", "An Arrival for Ines")."""
    catalog = await _catalog_of(tmp_path, SWAPPED_FILMS)
    assert titles(catalog.search(None, "Ines and Jlu"))[0] == "Ines and Julia (2005)"
    assert titles(catalog.search(None, "ienS and"))[:1] == ["Ines and Julia (2005)"]
    assert titles(catalog.search(None, "Teh Northern"))[:2] == [
        "The Northern Alibi (2003)",
        "The Northern Ballad (2011)",
    ]
    assert titles(catalog.search(None, "Harbuor 42"))[0] == "Harbour 42 (2015)"
    # As typed first: "ines an" starts a title, so no swap is looked for.
    assert titles(catalog.search(None, "ines an"))[0] == "Ines and Julia (2005)"
    # More films start so than the list holds: in title order, as a prefix typed right
    # lists them (before what Enter would ask about, which "adam and" has, goes first).
    adams = titles(catalog.search(None, "Adma and"))
    assert adams == titles(catalog._ranked(None, "Adam and", 25))
    assert len(adams) == 25


ARTICLE_FILMS = [
    ("The Witness Box", 1990, ""),
    ("The Witness Tree", 2001, ""),
    ("Witness", 1985, ""),
    ("The Fitness", 2010, ""),
    ("The Witless", 2012, ""),
    *[(f"Harbour Story {n}", 1980 + n, "") for n in range(30)],
]


async def test_a_title_typed_with_an_article_it_lacks_follows_those_starting_so(
    tmp_path: Path,
) -> None:
    """ "the witness" where titles start so: Witness (no article) comes right after them,
    ahead of fuzzy matches WRatio scores higher ("The Fitness", "The Witless": 90.9 to its
    90), and whatever the fuzzy fill's few candidates hold."""
    catalog = await _catalog_of(tmp_path, ARTICLE_FILMS)
    assert titles(catalog.search(None, "the witness"))[:3] == [
        "The Witness Box (1990)",
        "The Witness Tree (2001)",
        "Witness (1985)",
    ]
    # Enter reads the text as before: the films starting so, not the article-less one.
    assert [e.title for e in catalog.named_by(None, "the witness")] == [
        "The Witness Box",
        "The Witness Tree",
    ]


def test_swaps_are_undone_only_where_the_text_stays_a_key_start() -> None:
    assert _swaps_undone("teh nort") == [
        "eth nort", "the nort", "te hnort", "tehn ort", "teh onrt", "teh nrot", "teh notr"
    ]  # fmt: skip
    assert _swaps_undone("ab c") == ["ba c", "a bc"]  # never "abc ": no key ends in a space
    assert _swaps_undone("aab") == []  # too short to tell a swap from another word
    assert _swaps_undone("aabb") == ["abab"]  # a letter swapped with itself is no swap


WORDY_FILMS = [
    ("La La Land", 2016, "LLL"),
    ("Children of Men", 2006, ""),
    ("Spirited Away", 2001, '"Sen to Chihiro no Kamikakushi"'),
    ("Invasion of the Body Snatchers", 1956, ""),
    ("Invasion of the Body Snatchers", 1978, ""),
    ("The Man Who Wasn't There", 2001, ""),
]


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("land", "La La Land (2016)"),
        ("LAND", "La La Land (2016)"),
        ("lan", "La La Land (2016)"),  # the start of a word from the middle of the title
        ("men", "Children of Men (2006)"),
        ("of men", "Children of Men (2006)"),
        ("men children", "Children of Men (2006)"),  # typed words in any order
        ("chihiro", "Spirited Away (2001)"),  # a word of an alias
        ("kamikakushi chihiro", "Spirited Away (2001)"),
        ("away", "Spirited Away (2001)"),
        ("wasn", "The Man Who Wasn't There (2001)"),
        ("snatchers 1956", "Invasion of the Body Snatchers (1956)"),  # the year tells a remake
        ("body 1978", "Invasion of the Body Snatchers (1978)"),
    ],
)
async def test_a_typed_word_from_inside_one_films_title_names_it(
    tmp_path: Path, typed: str, label: str
) -> None:
    """Was "No film matches 'land'. Did you mean La La Land (2016)?": members type the word
    of a title they remember, from its middle, and press Enter."""
    catalog = await _catalog_of(tmp_path, WORDY_FILMS)
    assert catalog.find(None, typed).label == label
    assert catalog.named_clearly(None, typed) == catalog.find(None, typed)


async def test_a_large_scopes_words_are_worked_out_off_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100k films the word postings take 0.2-0.5 s: built inline, the first member to type
    a word from inside a title held every other member's answer that long. The first look
    starts them in a thread and gets the usual suggestions, told to try again; once built,
    words name the film, and the first look's "nothing clear" was not remembered meanwhile."""
    monkeypatch.setattr(bot.catalog, "WORDS_BUILT_INLINE", 2)
    catalog = await _catalog_of(tmp_path, WORDY_FILMS)
    release = threading.Event()
    holding = bot.catalog._background().submit(release.wait)  # the thread is busy for now
    try:
        # Not "No film matches 'land'": the words inside titles were not looked at yet.
        with pytest.raises(NotFound, match=r"No title starts with 'land'.*still reading"):
            catalog.find(None, "land")
        assert catalog.named_clearly(None, "land") is None
    finally:
        release.set()
    holding.result()
    for scope in (catalog._global,):
        assert scope._building_words is not None
        scope._building_words.result()
    assert catalog.find(None, "land").label == "La La Land (2016)"
    assert catalog.named_clearly(None, "land") == catalog.find(None, "land")


async def test_a_typed_word_inside_several_films_titles_asks_which(tmp_path: Path) -> None:
    catalog = await _catalog_of(tmp_path, WORDY_FILMS)
    # A film and its remake share every word: the member is asked, both years shown.
    with pytest.raises(NotFound) as several:
        catalog.find(None, "body snatchers")
    message = several.value.message
    assert message.startswith("Several films fit 'body snatchers':")
    assert "Body Snatchers (1956)**" in message and "Body Snatchers (1978)**" in message
    assert catalog.named_clearly(None, "body snatchers") is None
    # Words found in different films each, but in no one film together, name none.
    with pytest.raises(NotFound, match="No film matches 'land children'"):
        catalog.find(None, "land children")


@pytest.mark.parametrize(
    "typed", ["of", "to", "a", "no", "la", "wa", "sp", "of the", "to no", "who", "who the"]
)
async def test_short_common_words_alone_pick_no_film(tmp_path: Path, typed: str) -> None:
    """ "of" and "who" are in one film's title each here, "to" and "no" in one alias, "wa" starts
    one word: too little to tell which film a member means, whatever the server holds."""
    films = [film for film in WORDY_FILMS if "Invasion" not in film[0]]
    catalog = await _catalog_of(tmp_path, films)
    try:
        found = catalog.find(None, typed)
    except NotFound:
        found = None
    # "la" and "sp" start a title (La La Land, Spirited Away): that answer stays.
    assert found is None or _norm(found.title).startswith(typed), found
    assert catalog.named_clearly(None, typed) == found


async def test_a_word_inside_many_films_asks_with_the_first_few(catalog: FilmCatalog) -> None:
    with pytest.raises(NotFound) as several:
        catalog.find(None, "film")
    message = several.value.message
    assert message.startswith("Several films fit 'film':")
    assert message.count("**Star Film") == 5 and "and more" in message
    assert catalog.find(None, "film 12").title == "Star Film 12"
    assert catalog.find(None, "12 star").title == "Star Film 12"


NUMBERED_FILMS = [
    ("Rocky", 1976, ""),
    ("Rocky II", 1979, ""),
    ("Rocky III", 1982, ""),
    ("Rocky V", 1990, ""),
    ("The Godfather", 1972, ""),
    ("The Godfather Part II", 1974, ""),
    ("Toy Story", 1995, ""),
    ("Toy Story 2", 1999, ""),
    ("Toy Story 3", 2010, ""),
    ('"Ocean\'s Eleven"', 2001, ""),
    ('"Schindler\'s List"', 1993, ""),
    ('"Fast & Furious"', 2009, ""),
    ('"Mr. & Mrs. Smith"', 2005, ""),
    ('"Romeo + Juliet"', 1996, ""),
    ('"Bill & Ted\'s Excellent Adventure"', 1989, ""),
    ("V for Vendetta", 2005, ""),
    ('"(500) Days of Summer"', 2009, ""),
    ('"I, Robot"', 2004, ""),
    ("La La Land", 2016, ""),
]


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        # A sequel's number as members write it: digits for numerals and numerals for digits.
        ("rocky 2", "Rocky II (1979)"),
        ("Rocky 3", "Rocky III (1982)"),
        ("rocky 5", "Rocky V (1990)"),
        ("rocky ii", "Rocky II (1979)"),
        ("rocky 2 1979", "Rocky II (1979)"),
        ("godfather 2", "The Godfather Part II (1974)"),
        ("the godfather part 2", "The Godfather Part II (1974)"),
        ("toy story iii", "Toy Story 3 (2010)"),
        ("toy story ii", "Toy Story 2 (1999)"),
        ("oceans 11", "Ocean's Eleven (2001)"),
        ("ocean's 11", "Ocean's Eleven (2001)"),
        # '&' and '+' read as "and", either way round.
        ("fast and furious", "Fast & Furious (2009)"),
        ("mr and mrs smith", "Mr. & Mrs. Smith (2005)"),
        ("romeo and juliet", "Romeo + Juliet (1996)"),
        ("romeo & juliet", "Romeo + Juliet (1996)"),
        ("bill and ted", "Bill & Ted's Excellent Adventure (1989)"),
        ("bill and teds excellent adventure", "Bill & Ted's Excellent Adventure (1989)"),
        # A possessive typed without its apostrophe.
        ("schindlers", "Schindler's List (1993)"),
        ("oceans", "Ocean's Eleven (2001)"),
        # A leading article the title does not have.
        ("the la la land", "La La Land (2016)"),
        ("The La La", "La La Land (2016)"),
        ("a rocky v", "Rocky V (1990)"),
    ],
)
async def test_numbers_ampersands_possessives_and_an_added_article_name_the_film(
    tmp_path: Path, typed: str, label: str
) -> None:
    """Was "No film matches 'rocky 2'. Did you mean Rocky, Rocky II, Rocky III?", and the
    same for "fast and furious" and "the la la land": members press Enter on a title written
    their way, and were told to pick again."""
    catalog = await _catalog_of(tmp_path, NUMBERED_FILMS)
    assert catalog.find(None, typed).label == label
    assert catalog.named_clearly(None, typed) == catalog.find(None, typed)
    assert titles(catalog.search(None, typed))[:1] == [label]  # offered first, as Enter takes it


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("rocky", "Rocky (1976)"),
        ("toy story", "Toy Story (1995)"),
        ("v for", "V for Vendetta (2005)"),  # a title's first letter is no numeral
        ("i robot", "I, Robot (2004)"),
        ("500", "(500) Days of Summer (2009)"),
        ("godfather", "The Godfather (1972)"),
        ("fast furious", "Fast & Furious (2009)"),  # the '&' left out, as before
    ],
)
async def test_titles_with_letters_like_numerals_still_name_their_film(
    tmp_path: Path, typed: str, label: str
) -> None:
    catalog = await _catalog_of(tmp_path, NUMBERED_FILMS)
    assert catalog.find(None, typed).label == label
    assert catalog.named_clearly(None, typed) == catalog.find(None, typed)


@pytest.mark.parametrize("typed", ["rocky 4", "the", "an", "&", "the rocky 4"])
async def test_a_number_or_article_no_film_has_still_names_none(tmp_path: Path, typed: str) -> None:
    catalog = await _catalog_of(tmp_path, NUMBERED_FILMS)
    with pytest.raises(NotFound) as refused:
        catalog.find(None, typed)
    assert catalog.named_clearly(None, typed) is None
    # The refusal quotes what was typed, not a shortened reading of it.
    assert f"'{typed}'" in refused.value.message or "no letters or digits" in refused.value.message


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("halloween 78", "Halloween (1978)"),
        ("Halloween '18", "Halloween (2018)"),
        ("halloween (78)", "Halloween (1978)"),
        ("rocky 79", "Rocky II (1979)"),
        ("rocky 76", "Rocky (1976)"),
    ],
)
async def test_a_year_typed_with_two_digits_tells_the_film(
    tmp_path: Path, typed: str, label: str
) -> None:
    """Members write "halloween 78" as they say it: was "No film matches", both films offered."""
    catalog = await _catalog_of(
        tmp_path, [*NUMBERED_FILMS, ("Halloween", 1978, ""), ("Halloween", 2018, "")]
    )
    assert catalog.find(None, typed).label == label
    assert catalog.named_clearly(None, typed) == catalog.find(None, typed)


async def test_a_two_digit_year_the_film_lacks_says_its_year(tmp_path: Path) -> None:
    catalog = await _catalog_of(tmp_path, NUMBERED_FILMS)
    with pytest.raises(NotFound) as wrong:
        catalog.find(None, "la la land 17")
    assert "with that year: 'la la land' is **La La Land (2016)**" in wrong.value.message
    # A sequel's number is no year: Toy Story 3 is not a film of 2003.
    assert catalog.find(None, "toy story 3").label == "Toy Story 3 (2010)"
    assert catalog.find(None, "oceans 11").label == "Ocean's Eleven (2001)"


async def _catalog_of_titles(tmp_path: Path) -> FilmCatalog:
    """Titles members find hard to type, short ones, numbers, a sequel and remakes."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    named = [
        ("Amélie", 2001, ""),
        ("Se7en", 1995, ""),
        ("'9'", 2009, ""),
        ("It", 2017, ""),
        ("Up", 2009, ""),
        ("'1917'", 2019, ""),
        ("Tár", 2022, ""),
        ("'Glass Onion: A Knives Out Mystery'", 2022, ""),
        ("Knives Out", 2019, ""),
        ("Ocean's Eleven", 2001, ""),
        ("Everything Everywhere All at Once", 2022, ""),
        ("'2001: A Space Odyssey'", 1968, ""),
        ("La La Land", 2016, ""),
        ("8½", 1963, ""),
        ("Dune", 2021, ""),
        ("Dune", 1984, ""),
        ("Frozen", 2013, ""),
        ("Frozen II", 2019, ""),
        ("Avatar", 2009, ""),
    ]
    files = [
        parse_film_bytes(FILM.format(title=t, year=y, aliases=a).encode(), f"{n}.yaml")
        for n, (t, y, a) in enumerate(named)
    ]
    await ContentLoader(sessions).store(files)
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    await engine.dispose()
    return catalog


async def test_did_you_mean_offers_only_titles_spelt_like_the_text(tmp_path: Path) -> None:
    """Was "No film matches '1918'. Did you mean 9 (2009), 1917 (2019), …?" and 'amelei'
    offered It (2017): autocomplete's fuzzy list, padded with a short title found inside the
    text (or a year inside a label), was offered as if it were a misspelling of it."""
    catalog = await _catalog_of_titles(tmp_path)
    for typed, meant in [
        ("1918", ["1917 (2019)"]),
        ("amelei", ["Amélie (2001)"]),
        ("tarr", ["Tár (2022)"]),
        ("se7ven", ["Se7en (1995)"]),
        ("glass onoin", ["Glass Onion: A Knives Out Mystery (2022)"]),
        ("2001 a space odysey", ["2001: A Space Odyssey (1968)"]),
        ("the la la land musical", ["La La Land (2016)"]),
        ("la la lnd 2017", ["La La Land (2016)"]),
        ("8 1/2", ["8½ (1963)"]),
        # The start of a title typed with its spaces left out: was "No film matches 'lala'.
        # Use /film list", while the shorter "lal" was offered La La Land.
        ("lala", ["La La Land (2016)"]),
        ("lalala", ["La La Land (2016)"]),
        ("everythingevery", ["Everything Everywhere All at Once (2022)"]),
        ("knivesou", ["Knives Out (2019)", "Glass Onion: A Knives Out Mystery (2022)"]),
        ("zzqxv", []),
    ]:
        with pytest.raises(NotFound) as error:
            catalog.find(None, typed)
        assert titles(catalog.suggestions(None, typed)) == meant, typed
        assert ("Did you mean" in error.value.message) == bool(meant), error.value.message


async def test_a_sequel_number_is_not_read_as_the_start_of_a_year(tmp_path: Path) -> None:
    """Was: "avatar 2" answered Avatar (2009) and "dune 1" Dune (1984), as "avatar 2" starts
    "avatar 2009": a member asking for a sequel (or Part One) read another film's ending. A
    lone digit after a title is a sequel's number; a year being typed has two digits or more."""
    catalog = await _catalog_of_titles(tmp_path)
    for typed in ("avatar 2", "dune 1", "dune 2", "knives out 2"):
        with pytest.raises(NotFound) as error:
            catalog.find(None, typed)
        assert catalog.named_clearly(None, typed) is None, typed
        assert "No film matches" in error.value.message, error.value.message
    assert "Did you mean **Avatar (2009)**?" in _refusal(catalog, "avatar 2")
    for typed, meant in [
        ("frozen 2", "Frozen II (2019)"),  # a sequel that is there
        ("avatar 20", "Avatar (2009)"),  # a year being typed
        ("dune 198", "Dune (1984)"),
        ("dune 2021", "Dune (2021)"),
        ("avatar", "Avatar (2009)"),
    ]:
        assert catalog.find(None, typed).label == meant, typed


def _refusal(catalog: FilmCatalog, typed: str) -> str:
    with pytest.raises(NotFound) as error:
        catalog.find(None, typed)
    return error.value.message


async def test_a_title_typed_with_movie_film_or_ending_around_it_is_answered(
    tmp_path: Path,
) -> None:
    """Was "No film matches 'la la land movie'. Did you mean La La Land (2016)?": members add
    the words they would search the web with; the title they typed whole names one film."""
    catalog = await _catalog_of_titles(tmp_path)
    for typed, meant in [
        ("la la land movie", "La La Land (2016)"),
        ("la la land (film)", "La La Land (2016)"),
        ("la la land ending explained", "La La Land (2016)"),
        ("the movie la la land", "La La Land (2016)"),
        ("tar film", "Tár (2022)"),
        ("se7en movie 1995", "Se7en (1995)"),
        ("knives out ending", "Knives Out (2019)"),
    ]:
        assert catalog.find(None, typed).label == meant, typed
        assert catalog.named_clearly(None, typed) == catalog.find(None, typed), typed
    for typed in ("movie", "film ending", "dune movie"):  # nothing, or several: asked
        with pytest.raises(NotFound):
            catalog.find(None, typed)


async def test_several_films_starting_so_name_titles_before_aliases(tmp_path: Path) -> None:
    """`la` listed five films whose aliases start "La" (A Meridian for Nia, "La Karenven")
    in title order, and La La Land, whose title does, only as "and more": the film a member
    most likely meant was left out of the question asking which."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    rows = [(f"A{letter} Film", 2000, f"La {letter}ola") for letter in "ABCDEF"]
    rows += [("La La Land", 2016, ""), ("The Lantern", 1996, "")]
    files = [
        parse_film_bytes(FILM.format(title=title, year=year, aliases=aliases).encode(), title)
        for title, year, aliases in rows
    ]
    await ContentLoader(sessions).store(files)
    films = FilmCatalog(sessions)
    await films.refresh()
    try:
        with pytest.raises(NotFound) as several:
            films.find(None, "la")
        message = several.value.message
        assert message.startswith(
            "Several films start with 'la': **La La Land (2016)**, **The Lantern (1996)**,"
        ), message
    finally:
        await engine.dispose()


async def test_autocomplete_offers_first_the_films_enter_asks_about_in_its_order(
    tmp_path: Path,
) -> None:
    """Was: "dune" and Enter asked "Dune (2021), Dune (1984)", while the list above it
    offered Dune (1984) first: a member reading both saw two orders for the same question.
    Whatever Enter asks about (a remake's shared title, a start several titles share, words
    several hold), the choices offer those films first, in the order it names them."""
    catalog = await _catalog_of_titles(tmp_path)
    for typed in ["dune", "Dune", "DUNE ", "du", "fro", "the dune", "dune movie"]:
        with pytest.raises(SeveralFilms) as asked:
            catalog.find(None, typed)
        named = re.findall(r"\*\*(.+?)\*\*", asked.value.message.replace("\\", ""))
        assert len(named) > 1, typed
        assert titles(catalog.search(None, typed))[: len(named)] == named, typed


async def test_a_number_typed_inside_its_word_names_the_title_spelt_out(tmp_path: Path) -> None:
    """Members type "se7en" for a film stored as "Seven", as they type "seven" for Se7en:
    the reading goes both ways, and a whole title read so is no start of a longer one."""
    catalog = await _catalog_of(
        tmp_path, [("Seven", 1979, ""), ("Thirteen", 2003, ""), ("Thir13en Ghosts", 2001, "")]
    )
    for typed, label in [
        ("se7en", "Seven (1979)"),
        ("Se7en 1979", "Seven (1979)"),
        ("thir13en", "Thirteen (2003)"),
        ("thirteen", "Thirteen (2003)"),
        ("thirteen ghosts", "Thir13en Ghosts (2001)"),
    ]:
        assert catalog.find(None, typed).label == label, typed
        assert titles(catalog.search(None, typed))[0] == label, typed


@pytest.mark.parametrize(
    ("typed", "opening", "inside"),
    [
        ("empire", "Empire of the Sun", ["Inland Empire", "Star Wars The Empire Strikes Back"]),
        ("night", "Night of the Living Dead", ["Boogie Nights", "Twelfth Night"]),
        ("EMPIRE", "Empire of the Sun", ["Inland Empire", "Star Wars The Empire Strikes Back"]),
    ],
)
async def test_did_you_mean_for_a_word_offers_every_title_holding_it(
    tmp_path: Path, typed: str, opening: str, inside: list[str]
) -> None:
    """Was "did you mean Empire of the Sun?" alone: a word opening one title and inside
    others may mean any of them, so all are offered, the one it opens first."""
    films = [(title, 1990 + n, "") for n, title in enumerate([opening, *inside])]
    films += [("La La Land", 2016, ""), ("Heat", 1995, "")]
    catalog = await _catalog_of(tmp_path, films)
    with pytest.raises(NotFound) as asked:
        catalog.find(None, typed)
    message = asked.value.message
    assert "did you mean" in message
    offered = re.findall(r"\*\*(.+?) \(\d{4}\)\*\*", message)
    assert offered[0] == opening and sorted(offered[1:]) == sorted(inside)
    assert catalog.named_clearly(None, typed) is None


async def test_did_you_mean_for_a_word_inside_many_titles_stays_bounded(tmp_path: Path) -> None:
    inside = [f"Inland Empire {n}" for n in ("Alpha", "Beta", "Gamma", "Delta", "Omega", "Zeta")]
    films = [(title, 2000 + n, "") for n, title in enumerate(["Empire of the Sun", *inside])]
    catalog = await _catalog_of(tmp_path, films)
    with pytest.raises(NotFound) as asked:
        catalog.find(None, "empire")
    message = asked.value.message
    offered = re.findall(r"\*\*(.+?) \(\d{4}\)\*\*", message)
    assert offered[0] == "Empire of the Sun" and len(offered) == bot.catalog.MAX_AMBIGUOUS
    assert "more films hold these words" in message


async def test_the_films_are_read_a_batch_at_a_time_and_shared_values_kept_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At start every film's row is read. Each batch's row tuples are let go before the next
    batch is read, and a year, a director or the empty aliases that films share are kept once:
    all rows held at once left some 20 MB of freed blocks held apart at 100,000 films."""
    import aiosqlite

    monkeypatch.setattr(bot.catalog, "ROWS_PER_FETCH", 2, raising=False)
    rows_alive: list[int] = []
    fetchmany = aiosqlite.Cursor.fetchmany

    async def counted(self: aiosqlite.Cursor, size: int | None = None):  # type: ignore[no-untyped-def]
        rows_alive.append(sum(1 for o in gc.get_objects() if type(o) is tuple and _film_row(o)))
        return await fetchmany(self, size)

    monkeypatch.setattr(aiosqlite.Cursor, "fetchmany", counted)
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    named = "director: Agnès Varda\n"
    films = [
        parse_film_bytes(
            (FILM.format(title=f"Film {n}", year=1962, aliases="") + named).encode(), f"{n}"
        )
        for n in range(5)
    ]
    await ContentLoader(sessions).store(films)
    catalog = FilmCatalog(sessions)
    try:
        await catalog.refresh()
        entries = catalog.films(None)
        assert titles(entries) == [f"Film {n} (1962)" for n in range(5)]
        assert len(rows_alive) >= 3 and max(rows_alive) <= 2  # a batch of two at most
        assert len({id(entry.year) for entry in entries}) == 1
        assert len({id(entry.director) for entry in entries}) == 1
        assert entries[0].director == "Agnès Varda" and entries[0].aliases == ()
    finally:
        await engine.dispose()


def _film_row(value: tuple[object, ...]) -> bool:
    """A film's row as the catalog reads it: id, guild, slug, title, year, aliases, …"""
    return len(value) == 8 and isinstance(value[3], str) and str(value[3]).startswith("Film ")


async def test_several_films_of_a_series_told_apart_by_subtitles_are_named_as_they_came_out(
    tmp_path: Path,
) -> None:
    """ "lotr" asked "which one?" (and autocomplete offered them) in title order, The Return of
    the King before The Two Towers; search listed them newest first. Every list of several
    films of a series runs as it came out; a film and its remake keep newest first."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    await migrate(engine)
    sessions = session_factory(engine)
    films = [
        ("The Lord of the Rings: The Two Towers", 2002),
        ("The Lord of the Rings: The Return of the King", 2003),
        ("The Lord of the Rings: The Fellowship of the Ring", 2001),
        ("Godzilla: King of the Monsters", 1956),
        ("Godzilla: King of the Monsters", 2019),
    ]
    await ContentLoader(sessions).store(
        [
            parse_film_bytes(FILM.format(title=f'"{t}"', year=y, aliases="").encode(), f"{y}.yaml")
            for t, y in films
        ]
    )
    catalog = FilmCatalog(sessions)
    await catalog.refresh()
    try:
        series = [
            "The Lord of the Rings: The Fellowship of the Ring (2001)",
            "The Lord of the Rings: The Two Towers (2002)",
            "The Lord of the Rings: The Return of the King (2003)",
        ]
        for typed in ("lotr", "lord of the rings"):
            with pytest.raises(SeveralFilms) as asked:
                catalog.find(None, typed)
            assert titles(asked.value.films) == series, typed
            assert titles(catalog.named_by(None, typed)) == series, typed
            assert titles(catalog.search(None, typed))[:3] == series, typed
        with pytest.raises(NotFound) as wrong_year:
            catalog.find(None, "lotr 1999")
        told = wrong_year.value.message.replace("**", "").replace("\\", "")
        assert ", ".join(series) in told, told
        remakes = ["Godzilla: King of the Monsters (2019)", "Godzilla: King of the Monsters (1956)"]
        with pytest.raises(SeveralFilms) as asked:
            catalog.find(None, "godzilla king of the monsters")
        assert titles(asked.value.films) == remakes
        assert titles(catalog.named_by(None, "godzilla king of the monsters")) == remakes
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("title", "series"),
    [
        ("The Lord of the Rings: The Two Towers", ("lord of the rings", None)),
        ("Star Trek: The Motion Picture", ("star trek", None)),
        # A number keeps its series' order by number, whatever the years.
        ("Star Wars: Episode I – The Phantom Menace", ("star wars", 1)),
        ("Kill Bill: Vol. 1", ("kill bill", 1)),
        ("Star Trek II: The Wrath of Khan", ("star trek", 2)),
        ("The Godfather", ("godfather", 1)),
    ],
)
def test_a_series_is_known_by_its_number_or_by_the_name_before_a_subtitle(
    title: str, series: tuple[str, int | None]
) -> None:
    assert bot.catalog.series_of(title) == series
