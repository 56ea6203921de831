"""Upgrades keep every opt-in, rule and piece of server content; migrations match the models."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.content.film_file import parse_film_bytes
from bot.content.merged_copies import kept_copies, write_copies
from bot.db.engine import KNOWN_REVISIONS, SCHEMA_HEAD, alembic_config, create_engine, migrate
from bot.db.models import Base
from bot.db.operations import DataWouldBeLost, downgrade


async def test_upgrade_from_first_schema_keeps_data(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    await migrate(engine, "0001")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO films (id, guild_id, slug, title, year, aliases, cast, synopsis,"
                " origin, content_hash, loaded_at) VALUES (1, 42, 'own-2020', 'Own', 2020,"
                " '[]', '[]', 'A server film.', 'upload', 'abc', '2026-01-01 00:00:00')"
            )
        )
        await connection.execute(
            text("INSERT INTO reader_settings VALUES (7, 1, '2026-01-01 00:00:00')")
        )
        await connection.execute(text("INSERT INTO seen_films VALUES (8, 1, '2026-01-01')"))
    await migrate(engine)
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT title, guild_id FROM films"))).all() == [
            ("Own", 42)
        ]
        assert (await connection.execute(text("SELECT user_id FROM reader_settings"))).all() == [
            (7,)
        ]
        # The "seen" mark now names the work, which a reused row id can never move.
        seen = await connection.execute(text("SELECT user_id, work, title FROM seen_works"))
        assert seen.all() == [(8, "own-2020", "Own")]
        version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == SCHEMA_HEAD
        await connection.execute(text("SELECT * FROM guild_settings"))
        indexes = await connection.execute(text("PRAGMA index_list('sections')"))
        assert "ix_sections_film_kind" in {row[1] for row in indexes}
    await engine.dispose()


async def test_migrations_match_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    await migrate(engine)
    async with engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    await engine.dispose()
    assert diff == []


async def test_migrating_twice_is_harmless(tmp_path: Path) -> None:
    # Every start migrates: a second run over a current database keeps its rows and schema.
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'twice.db'}")
    await migrate(engine)
    async with engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO reader_settings VALUES (7, 1, '2026-01-01 00:00:00')")
        )
    await migrate(engine)
    async with engine.connect() as connection:
        kept = await connection.execute(text("SELECT user_id FROM reader_settings"))
        assert kept.all() == [(7,)]
        version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == SCHEMA_HEAD
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    await engine.dispose()
    assert diff == []


def test_schema_head_is_the_newest_migration() -> None:
    # migrate() skips Alembic when the database is at SCHEMA_HEAD: a new migration must bump it.
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [SCHEMA_HEAD]


def test_known_revisions_are_every_migration() -> None:
    # A database at a revision outside this set is refused as "written by a newer Epilogue".
    script = ScriptDirectory.from_config(alembic_config())
    assert {revision.revision for revision in script.walk_revisions()} == KNOWN_REVISIONS


async def test_channel_rules_become_each_servers_own_and_keep_their_rows(tmp_path: Path) -> None:
    """0007 keys a channel's rule and guard switch by server and channel: every stored row
    stays, and two servers can hold a row for one channel id without touching each other.
    Going back keeps one row per channel, and ``db downgrade`` reports the rest."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'rules.db'}")
    await migrate(engine, "0006")
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO channel_rules VALUES (20, 1, 'no-spoilers')"))
        await connection.execute(text("INSERT INTO guarded_channels VALUES (20, 1, 0)"))
    await migrate(engine)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO channel_rules (channel_id, guild_id, mode) VALUES (20, 2, 'spoilers')"
            )
        )
        rules = await connection.execute(
            text("SELECT guild_id, channel_id, mode FROM channel_rules ORDER BY guild_id")
        )
        assert rules.all() == [(1, 20, "no-spoilers"), (2, 20, "spoilers")]
        guarded = await connection.execute(text("SELECT * FROM guarded_channels"))
        assert guarded.all() == [(20, 1, 0)]

    try:
        await downgrade(engine, "0006")
    except DataWouldBeLost as refused:
        assert "1 row(s) of channel_rules" in str(refused)
    else:
        raise AssertionError("a downgrade that drops a server's rule must be refused")
    await downgrade(engine, "0006", drop_data=True)
    async with engine.connect() as connection:
        rules = await connection.execute(text("SELECT guild_id, mode FROM channel_rules"))
        assert rules.all() == [(1, "no-spoilers")]
    await engine.dispose()


async def test_going_back_past_action_claims_loses_no_ones_data(tmp_path: Path) -> None:
    """0011's claims record what a process is doing or did in the last day (a hide, a
    rename), nothing anyone stored: going back drops them without asking for --yes-drop-data."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'claims.db'}")
    await migrate(engine)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO action_claims VALUES ('hide', 555, 'r', 'h',"
                " '2031-01-01 00:00:00', '2031-01-01 00:00:20', 1)"
            )
        )

    assert await downgrade(engine, "0010") == "at revision 0010"
    await engine.dispose()


async def test_titles_stored_with_spoiler_bars_lose_what_the_bars_held(tmp_path: Path) -> None:
    """Content files have refused ``||`` in titles and aliases since they reach places Discord
    cannot hide (embed titles, /film list, autocomplete); a database from before still held
    them, and showed what they hid to everyone ("La La Land \\|\\|Mia marries Greg\\|\\|").
    0013 drops the hidden words from every stored title (the copies kept with a "seen" mark,
    an embargo or a hidden film too) and every alias holding them."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'titles.db'}")
    await migrate(engine, "0012")
    barred = "La La Land ||Mia marries Greg||"
    async with engine.begin() as connection:
        await connection.execute(
            text(
                'INSERT INTO films (id, guild_id, slug, title, year, aliases, "cast", synopsis,'
                " origin, content_hash, loaded_at) VALUES (1, 42, 'la-la-land-2016', :title,"
                " 2016, :aliases, '[]', '', 'upload', 'abc', '2026-01-01 00:00:00')"
            ),
            {
                "title": barred,
                "aliases": '["LLL", "Mia ｜｜weds Greg｜｜", "[spoiler]x[/spoiler]"]',
            },
        )
        await connection.execute(
            text(
                "INSERT INTO seen_works VALUES (8, 'la-la-land-2016', :title, 2016,"
                " '2026-01-01 00:00:00')"
            ),
            {"title": barred},
        )
        await connection.execute(
            text(
                "INSERT INTO work_embargoes VALUES (42, 'la-la-land-2016', :title, 2016,"
                " '2031-01-01')"
            ),
            {"title": barred},
        )
        await connection.execute(
            text(
                "INSERT INTO hidden_works VALUES (43, 'la-la-land-2016', :title, 2016, 5,"
                " '2026-01-01 00:00:00')"
            ),
            {"title": "||Greg dies||"},
        )
        await connection.execute(
            text(
                'INSERT INTO films (id, guild_id, slug, title, year, aliases, "cast", synopsis,'
                " origin, content_hash, loaded_at) VALUES (2, 42, 'm-a-s-h-1970', 'M*A*S*H | Pt',"
                " 1970, '[]', '[]', '', 'upload', 'def', '2026-01-01 00:00:00')"
            )
        )
    await migrate(engine)
    async with engine.connect() as connection:
        films = (await connection.execute(text("SELECT title, aliases FROM films"))).all()
        copies = [
            (await connection.execute(text(f"SELECT title FROM {table}"))).scalar_one()
            for table in ("seen_works", "work_embargoes", "hidden_works")
        ]
    await engine.dispose()
    assert films[0][0] == "La La Land" and json.loads(films[0][1]) == ["LLL"]
    assert films[1] == ("M*A*S*H | Pt", "[]")  # no spoiler syntax: left as it was
    assert copies[:2] == ["La La Land", "La La Land"]
    assert copies[2] and "Greg" not in copies[2] and "||" not in copies[2]


async def _store_titles(connection: AsyncConnection, stored: dict[int, tuple[str, str]]) -> None:
    """Films stored as an older schema took them: by id, (title, aliases as JSON)."""
    for film_id, (title, aliases) in stored.items():
        await connection.execute(
            text(
                'INSERT INTO films (id, guild_id, slug, title, year, aliases, "cast",'
                " synopsis, origin, content_hash, loaded_at) VALUES (:id, 42, :slug,"
                " :title, 2016, :aliases, '[]', '', 'upload', 'abc', '2026-01-01 00:00:00')"
            ),
            {"id": film_id, "slug": f"film-{film_id}", "title": title, "aliases": aliases},
        )


async def test_titles_stored_with_spoiler_markup_read_since_lose_what_it_held(
    tmp_path: Path,
) -> None:
    """0013 mended titles by the spoiler markup read when it ran; markup read as bars since
    (AniList's ``~!``, HTML's spoiler elements, a Reddit ``>!`` left open) was accepted in a
    title until then and stayed in the database, shown to every member in autocomplete,
    /film list and embed titles. 0016 mends them under the reading of today."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'titles.db'}")
    await migrate(engine, "0015")
    stored = {
        1: ("Heron Lake ~!Mia marries Greg!~", '["HL", "<spoiler>Greg dies</spoiler>"]'),
        2: ("Rook Hill >!Greg dies at the end", "[]"),
        3: ("Bell Tower <tg-spoiler>the mayor dies</tg-spoiler> Redux", "[]"),
        4: ("Yay~!! The Musical", "[]"),  # no spoiler markup: left as it was
    }
    async with engine.begin() as connection:
        await _store_titles(connection, stored)
        await connection.execute(
            text("INSERT INTO work_embargoes VALUES (42, 'film-1', :title, 2016, '2031-01-01')"),
            {"title": stored[1][0]},
        )
    await migrate(engine)
    async with engine.connect() as connection:
        films = (
            await connection.execute(text("SELECT title, aliases FROM films ORDER BY id"))
        ).all()
        embargoed = (
            await connection.execute(text("SELECT title FROM work_embargoes"))
        ).scalar_one()
    await engine.dispose()
    assert [(title, json.loads(aliases)) for title, aliases in films] == [
        ("Heron Lake", ["HL"]),
        ("Rook Hill", []),
        ("Bell Tower Redux", []),
        ("Yay~!! The Musical", []),
    ]
    assert embargoed == "Heron Lake"


MENDED_AGAIN: dict[str, tuple[str, dict[int, tuple[str, str]], list[tuple[str, list[str]]]]] = {
    "0016": (
        "AniList's ~! against a Japanese letter, never closed; Reddit's and BBCode's in full width",
        {
            1: ("ヘロン湖~!ミアは死ぬ", '["HL", "＞！Greg dies！＜"]'),
            2: ("Rook Hill ＞！Greg dies！＜ Redux", "[]"),
            3: ("Bell Tower ［spoiler］the mayor dies［/spoiler］", "[]"),
            4: ("やった～！ The Musical", "[]"),  # no spoiler markup: left as it was
        },
        [
            ("ヘロン湖", ["HL"]),
            ("Rook Hill Redux", []),
            ("Bell Tower", []),
            ("やった～！ The Musical", []),
        ],
    ),
    "0017": (
        "AniList's ~! never closed after a Latin letter, an underscore or before a space; a"
        " spoiler whose text ends in its opening's first character",
        {
            1: ("Heron Lake~!Mia dies", '["HL", "HL ~! Greg dies"]'),
            2: ("Rook Hill ~!Greg dies~!~ Redux", "[]"),
            3: ("Bell Tower__~!the mayor dies", "[]"),
            4: ("Yay~!! The Musical", "[]"),
        },
        [
            ("Heron Lake", ["HL"]),
            ("Rook Hill Redux", []),
            ("Bell Tower__", []),
            ("Yay~!! The Musical", []),
        ],
    ),
    "0018": (
        "a character drawn as nothing, or an accent, typed inside the markup",
        {
            1: ("Heron Lake >\u200b!Mia dies!<", '["HL", "HL ~\u2060!Greg dies!~"]'),
            2: ("Rook Hill [\u200bspoiler]Greg dies[/\u200bspoiler] Redux", "[]"),
            3: ("Bell Tower >!the mayor dies!\u00ad<", "[]"),
            4: ("Keycap 1\ufe0f\u20e3 Musical", "[]"),
        },
        [
            ("Heron Lake", ["HL"]),
            ("Rook Hill Redux", []),
            ("Bell Tower", []),
            ("Keycap 1\ufe0f\u20e3 Musical", []),
        ],
    ),
    "0019": (
        "a character drawn as nothing, or letters drawn as its own, typed in the markup's name",
        {
            1: (
                "Heron Lake [spoi\u200bler]Mia dies[/spoi\u200bler]",
                '["HL", "HL <spoi\u2060ler>Greg dies</spoi\u2060ler>"]',
            ),
            2: ("Rook Hill (view \u200bspoiler)[Greg dies (hide \u200bspoiler)] Redux", "[]"),
            3: ("Bell Tower ［ｓｐｏｉｌｅｒ］the mayor dies［／ｓｐｏｉｌｅｒ］", "[]"),
            4: ("Zero\u200bWidth Musical", "[]"),
        },
        [
            ("Heron Lake", ["HL"]),
            ("Rook Hill Redux", []),
            ("Bell Tower", []),
            ("Zero\u200bWidth Musical", []),
        ],
    ),
    "0020": (
        "a name in compatibility forms or with an accent, small-form punctuation, spaced brackets",
        {
            1: (
                "Heron Lake [𝐬𝐩𝐨𝐢𝐥𝐞𝐫]Mia dies[/𝐬𝐩𝐨𝐢𝐥𝐞𝐫]",
                '["HL", "HL <spoi\u0301ler>Greg dies</spoi\u0301ler>"]',
            ),
            2: ("Rook Hill [ spoiler ]Greg dies[ /spoiler ] Redux", "[]"),
            3: ("Bell Tower ﹥!the mayor dies!﹤", "[]"),
            4: ("Amélie 𝐁𝐨𝐥𝐝 Musical", "[]"),
        },
        [
            ("Heron Lake", ["HL"]),
            ("Rook Hill Redux", []),
            ("Bell Tower", []),
            ("Amélie 𝐁𝐨𝐥𝐝 Musical", []),
        ],
    ),
    "0022": (
        "markup on any HTML element, a tag in other brackets or named otherwise, a template",
        {
            1: (
                "Heron Lake 【spoiler】Mia dies【/spoiler】",
                '["HL", "HL <p class=\\"spoiler\\">Greg dies</p>"]',
            ),
            2: (
                "Rook Hill {spoiler}Greg dies{/spoiler} Redux",
                '["RH", "RH [su_spoiler]Greg dies[/su_spoiler]"]',
            ),
            3: (
                "Bell Tower {% spoiler %}the mayor dies{% endspoiler %}",
                '["BT !!the mayor dies!!", "BT ӀӀthe mayor diesӀӀ", "BT ║the mayor dies║"]',
            ),
            4: ("【公式】 Musical", "[]"),
        },
        [
            ("Heron Lake", ["HL"]),
            ("Rook Hill Redux", ["RH"]),
            ("Bell Tower", []),
            ("【公式】 Musical", []),
        ],
    ),
    "0023": (
        "escaped markup, tags that hide until clicked, folds, blur, warnings over the rest",
        {
            1: (
                "Heron Lake &lt;spoiler&gt;Mia dies&lt;/spoiler&gt;",
                '["HL", "HL [hide]Greg dies[/hide]"]',
            ),
            2: (
                "Rook Hill $[blur Greg dies] Redux",
                '["RH", "RH %5Bspoiler%5DGreg dies%5B%2Fspoiler%5D"]',
            ),
            3: (
                "Bell Tower [collapse=Ending]the mayor dies[/collapse]",
                '["BT {{Collapse top}}the mayor dies{{Collapse bottom}}",'
                ' "BT &#124;&#124;x&#124;&#124;"]',
            ),
            4: ("Tom &amp; Jerry at 100% [Expand] Musical", "[]"),
        },
        [
            ("Heron Lake", ["HL"]),
            ("Rook Hill Redux", ["RH"]),
            ("Bell Tower", []),
            ("Tom &amp; Jerry at 100% [Expand] Musical", []),
        ],
    ),
    "0024": (
        "elements in look-alike angle brackets, [cut], a hiding tag in look-alike letters, UTF-16",
        {
            1: (
                'Heron Lake 〈span class="spoiler"〉Mia dies〈/span〉',
                '["HL", "HL [cut]Greg dies[/cut]"]',
            ),
            2: (
                "Rook Hill ＜span data-spoiler＞Greg dies＜/span＞ Redux",
                '["RH", "RH [\\\\ud835\\\\udc2c\\\\ud835\\\\udc29oiler]Greg dies"]',
            ),
            3: ("Bell Tower [ｈｉｄｅ]the mayor dies", "[]"),
            4: ("《La La Land》 ‹Musical›", "[]"),
        },
        [
            ("Heron Lake", ["HL"]),
            ("Rook Hill Redux", ["RH"]),
            ("Bell Tower", []),
            ("《La La Land》 ‹Musical›", []),
        ],
    ),
}
"""For each mending after 0016's, the revision before it: the markup read as bars since, titles
holding it, and what the mending leaves of them (the fourth holds no markup: left as it was)."""


@pytest.mark.parametrize("before", sorted(MENDED_AGAIN))
async def test_titles_stored_with_markup_read_since_the_last_mending_lose_what_it_held(
    tmp_path: Path, before: str
) -> None:
    """Each time more spoiler markup is read as bars, a database keeps titles holding it,
    shown to every member in autocomplete, /film list and embed titles: the next migration
    (0017, 0018, 0019, 0020, 0021, 0023, 0024, 0025) mends them under the reading of today."""
    read_since, stored, mended = MENDED_AGAIN[before]
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'titles.db'}")
    await migrate(engine, before)
    async with engine.begin() as connection:
        await _store_titles(connection, stored)
    await migrate(engine)
    async with engine.connect() as connection:
        films = (
            await connection.execute(text("SELECT title, aliases FROM films ORDER BY id"))
        ).all()
    await engine.dispose()
    assert [(title, json.loads(aliases)) for title, aliases in films] == mended, read_since


async def test_a_copy_whose_title_reads_as_another_film_becomes_that_films_work(
    tmp_path: Path,
) -> None:
    """A server's copy titled with a soft hyphen or a look-alike letter was stored as a work of
    its own, which the embargo on the film it reads as did not cover: 0026 re-keys it, carries
    its rules to the work it reads as (the later embargo end kept), and leaves alone a film
    named otherwise (a mended title's, a plain one's) and one whose scope holds that work."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'works.db'}")
    await migrate(engine, "0025")
    films = {
        1: (0, "heron-lake-2001", "Heron Lake"),
        2: (42, "her-on-lake-2001", "Her\u00adon Lake"),
        3: (43, "h\u0435ron-lake-2001", "H\u0435ron Lake"),
        4: (44, "heron-lake-2001", "Heron Lake"),
        5: (44, "he-ron-lake-2001", "He\u2060ron Lake"),
        6: (45, "film-6", "La La Land"),
    }
    async with engine.begin() as connection:
        for film_id, (guild_id, slug, title) in films.items():
            await connection.execute(
                text(
                    'INSERT INTO films (id, guild_id, slug, title, year, aliases, "cast",'
                    " synopsis, origin, content_hash, loaded_at) VALUES (:id, :guild, :slug,"
                    " :title, 2001, '[]', '[]', '', 'upload', 'abc', '2026-01-01 00:00:00')"
                ),
                {"id": film_id, "guild": guild_id, "slug": slug, "title": title},
            )
        for guild_id, work, until in (
            (42, "heron-lake-2001", "2031-01-01"),
            (42, "her-on-lake-2001", "2035-01-01"),
            (43, "h\u0435ron-lake-2001", "2032-01-01"),
        ):
            await connection.execute(
                text("INSERT INTO work_embargoes VALUES (:guild, :work, 'Heron Lake', 2001, :u)"),
                {"guild": guild_id, "work": work, "u": until},
            )
        await connection.execute(
            text(
                "INSERT INTO seen_works VALUES (8, 'her-on-lake-2001', 'Heron Lake', 2001,"
                " '2026-01-01 00:00:00')"
            )
        )
    await migrate(engine)
    async with engine.connect() as connection:
        slugs = dict((await connection.execute(text("SELECT id, slug FROM films"))).all())
        embargoes = set(
            await connection.execute(text("SELECT guild_id, work, until FROM work_embargoes"))
        )
        seen = set(await connection.execute(text("SELECT user_id, work FROM seen_works")))
    await engine.dispose()
    assert slugs == {
        1: "heron-lake-2001",
        2: "heron-lake-2001",
        3: "heron-lake-2001",
        4: "heron-lake-2001",
        # 5 read as 4, whose server held the work already: 0026 left it, 0027 merged it into 4
        6: "film-6",
    }
    assert (42, "heron-lake-2001", "2035-01-01") in {(g, w, str(u)) for g, w, u in embargoes}
    assert (43, "heron-lake-2001", "2032-01-01") in {(g, w, str(u)) for g, w, u in embargoes}
    assert (8, "heron-lake-2001") in seen and (8, "her-on-lake-2001") in seen


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres_slow)]
)
async def test_every_copy_that_reads_as_a_film_is_merged_into_that_films_work(
    request: pytest.FixtureRequest, tmp_path: Path, database: str
) -> None:
    """0026 left a copy on its old work where its server held the film it reads as (and read
    only a list of look-alikes): the embargo, hide and "seen" mark on that film missed it. 0027
    merges every copy that reads as the film into one film of its work per server, keeping the
    one already named so (else the one loaded last), and carries every old work's rules."""
    if database == "postgresql":  # the merge removes rows: each database's cascade runs
        from tests.conftest import PostgresServer, in_own_loop

        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = await server.new_database(empty=True)
        request.addfinalizer(lambda: in_own_loop(server.drop(name)))  # left after the run
        engine = create_engine(server.url_of(name))
    else:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'merged.db'}")
    await migrate(engine, "0026")
    films = {
        1: (44, "heron-lake-2001", "Heron Lake", 1),
        2: (44, "he-ron-lake-2001", "He\u2060ron Lake", 2),  # left by 0026
        3: (46, "her\u0585n-lake-2001", "Her\u0585n Lake", 1),  # Armenian "օ"
        4: (47, "her\u0585n-lake-2001", "Her\u0585n Lake", 1),
        5: (47, "heron-\ua4e1ake-2001", "Heron \ua4e1ake", 3),  # Lisu "ꓡ"
        6: (47, "\u0440\u0435\u043a\u0430-2001", "\u0420\u0435\u043a\u0430", 1),
    }
    async with engine.begin() as connection:
        for film_id, (guild_id, slug, title, loaded) in films.items():
            await connection.execute(
                text(
                    'INSERT INTO films (id, guild_id, slug, title, year, aliases, "cast",'
                    " synopsis, origin, content_hash, loaded_at) VALUES (:id, :guild, :slug,"
                    " :title, 2001, '[]', '[]', '', 'upload', 'abc', :loaded)"
                ),
                {
                    "id": film_id,
                    "guild": guild_id,
                    "slug": slug,
                    "title": title,
                    "loaded": dt.datetime(2026, loaded, 1),
                },
            )
        await connection.execute(
            text(
                "INSERT INTO sections (film_id, position, kind, level, heading_level, body)"
                " VALUES (4, 0, 'quick_answer', 'ending', 'ending', 'The lake was never there.')"
            )
        )
        for guild_id, work, until in (
            (44, "heron-lake-2001", 2031),
            (46, "her\u0585n-lake-2001", 2032),
            (47, "heron-\ua4e1ake-2001", 2033),
        ):
            await connection.execute(
                text("INSERT INTO work_embargoes VALUES (:guild, :work, 'Heron Lake', 2001, :u)"),
                {"guild": guild_id, "work": work, "u": dt.date(until, 1, 1)},
            )
        await connection.execute(
            text(
                "INSERT INTO hidden_works VALUES (44, 'he-ron-lake-2001', 'Heron Lake', 2001, 9,"
                " '2026-01-01 00:00:00')"
            )
        )
        await connection.execute(
            text(
                "INSERT INTO seen_works VALUES (8, 'her\u0585n-lake-2001', 'Heron Lake', 2001,"
                " '2026-01-01 00:00:00')"
            )
        )
    await migrate(engine)
    async with engine.connect() as connection:
        stored = set(await connection.execute(text("SELECT id, guild_id, slug FROM films")))
        embargoes = {
            (g, w, str(u))
            for g, w, u in await connection.execute(
                text("SELECT guild_id, work, until FROM work_embargoes")
            )
        }
        hidden = set(await connection.execute(text("SELECT guild_id, work FROM hidden_works")))
        seen = set(await connection.execute(text("SELECT user_id, work FROM seen_works")))
        logged = {
            (guild, action): detail
            for guild, action, detail in await connection.execute(
                text("SELECT guild_id, action, detail FROM audit_log")
            )
        }
        kept = list(
            await connection.execute(
                text("SELECT guild_id, merged_into, content FROM merged_copies ORDER BY guild_id")
            )
        )
    written = write_copies(await kept_copies(engine, 47), tmp_path / "kept")
    await engine.dispose()
    # Nothing lost silently: each copy merged away is in its server's log, and kept whole.
    assert set(logged) == {(44, "film-merged"), (47, "film-merged")}, logged
    assert "He\u2060ron Lake (2001)" in logged[(44, "film-merged")]
    assert "Her\u0585n Lake (2001)" in logged[(47, "film-merged")]
    assert [(guild, into) for guild, into, _ in kept] == [
        (44, "heron-lake-2001"),
        (47, "heron-lake-2001"),
    ]
    assert "into Heron Lake (2001)" in logged[(44, "film-merged")]
    assert [copy.title for copy in written] == ["Her\u0585n Lake"]  # `epilogue merged-copies`
    restored = parse_film_bytes(written[0].path.read_bytes(), "kept.yaml").doc
    assert (restored.title, restored.year) == ("Her\u0585n Lake", 2001)
    assert restored.sections[0].body == "The lake was never there."
    assert stored == {
        (1, 44, "heron-lake-2001"),  # named so already: its rules were set on it
        (3, 46, "heron-lake-2001"),
        (5, 47, "heron-lake-2001"),  # loaded last
        (6, 47, "\u0440\u0435\u043a\u0430-2001"),  # a Russian title: its own work
    }, stored
    assert {(44, "heron-lake-2001", "2031-01-01"), (46, "heron-lake-2001", "2032-01-01")} <= (
        embargoes
    )
    assert (47, "heron-lake-2001", "2033-01-01") in embargoes
    assert (44, "heron-lake-2001") in hidden and (8, "heron-lake-2001") in seen


@pytest.mark.parametrize("database", ["postgresql"])
async def test_postgres_walks_every_migration_from_the_first_with_awkward_data(
    request: pytest.FixtureRequest, database: str
) -> None:
    """Production's path: a PostgreSQL database an old Epilogue left at 0001, with titles
    holding spoiler markup, ids at the top of a signed 64-bit integer and a server's own films,
    upgraded one revision at a time to today's (0004's works, 0013-0021's mended titles, 0015's
    longer origin): every step runs, the data is kept and mended, and the schema is the
    models' (the other tests here walk SQLite only)."""
    from tests.conftest import PostgresServer

    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = await server.new_database(empty=True)
    engine = create_engine(server.url_of(name))
    biggest = 2**63 - 1
    try:
        await migrate(engine, "0001")
        async with engine.begin() as connection:
            for film_id, guild, title in (
                (1, 42, "La La Land ||Mia marries Greg||"),
                (2, 0, "||all of it||"),
                (3, biggest, "Heron Lake [spoiler]Mia dies[/spoiler]"),
                (4, 42, "M*A*S*H | Pt"),
            ):
                await connection.execute(
                    text(
                        'INSERT INTO films (id, guild_id, slug, title, year, aliases, "cast",'
                        " synopsis, origin, content_hash, loaded_at) VALUES (:id, :guild,"
                        " :slug, :title, 2016, :aliases, '[]', '', 'upload', 'abc',"
                        " '2026-01-01 00:00:00')"
                    ),
                    {
                        "id": film_id,
                        "guild": guild,
                        "slug": f"film-{film_id}",
                        "title": title,
                        "aliases": json.dumps(["Kept", "Mia ||weds|| Greg"]),
                    },
                )
            await connection.execute(
                text("INSERT INTO reader_settings VALUES (:user, true, '2026-01-01 00:00:00')"),
                {"user": biggest},
            )
            await connection.execute(
                text("INSERT INTO seen_films VALUES (:user, 1, '2026-01-01')"), {"user": biggest}
            )
        for number in range(2, int(SCHEMA_HEAD) + 1):
            await migrate(engine, f"{number:04d}")
        async with engine.connect() as connection:
            films = (
                await connection.execute(text("SELECT id, guild_id, title, aliases FROM films"))
            ).all()
            seen = (await connection.execute(text("SELECT user_id, title FROM seen_works"))).all()
            diff = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()
        await server.drop(name)
    by_id = {film_id: (guild, title, aliases) for film_id, guild, title, aliases in films}
    assert by_id[1] == (42, "La La Land", ["Kept"])
    assert by_id[2][1] == "Untitled film"
    assert by_id[3][:2] == (biggest, "Heron Lake")
    assert by_id[4][1] == "M*A*S*H | Pt"
    assert seen == [(biggest, "La La Land")]
    assert diff == []
