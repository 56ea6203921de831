from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from benchmarks.corpus import write_corpus
from bot.content.export import film_doc
from bot.content.film_file import read_film_file
from bot.content.loader import ContentLoader, find_content_files
from bot.content.works import work_slug
from bot.db.engine import create_engine, migrate, session_factory
from bot.db.models import Base, Film, Item, Section, SeenFilm
from bot.epilogue import Epilogue
from tests.e2e.paper_moons import PAPER_MOONS

ROOT = Path(__file__).resolve().parents[3]
LA_LA_LAND = ROOT / "data" / "films" / "la-la-land.yaml"


Loader = tuple[ContentLoader, async_sessionmaker[AsyncSession]]


@pytest.fixture
async def loader(tmp_path: Path) -> AsyncIterator[Loader]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    await migrate(engine)
    sessions = session_factory(engine)
    yield ContentLoader(sessions), sessions
    await engine.dispose()


async def count(sessions: async_sessionmaker[AsyncSession], model: type[Base]) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_load_then_reload_is_idempotent(loader: Loader, tmp_path: Path) -> None:
    content, sessions = loader
    folder = tmp_path / "films"
    folder.mkdir()
    shutil.copy(LA_LA_LAND, folder)
    first = await content.load_paths([folder])
    assert first.ok and len(first.loaded) == 1
    sections = await count(sessions, Section)
    second = await content.load_paths([folder])
    assert second.loaded == [] and len(second.unchanged) == 1
    assert await count(sessions, Film) == 1
    assert await count(sessions, Section) == sections


async def test_changed_file_replaces_old_version_and_keeps_film_id(
    loader: Loader, tmp_path: Path
) -> None:
    content, sessions = loader
    path = tmp_path / "film.yaml"
    path.write_text(LA_LA_LAND.read_text())
    await content.load_paths([path])
    async with sessions() as session:
        film_id = await session.scalar(select(Film.id))
        session.add(SeenFilm(user_id=5, work="la-la-land-2016", title="La La Land", year=2016))
        await session.commit()
    items_before = await count(sessions, Item)
    path.write_text(path.read_text().replace("kind: symbolism", "kind: notes"))
    report = await content.load_paths([path])
    assert report.loaded == [str(path)]
    async with sessions() as session:
        assert await session.scalar(select(Film.id)) == film_id
        kinds = set(await session.scalars(select(Section.kind)))
        assert "notes" in kinds and "symbolism" not in kinds
    assert await count(sessions, Item) == items_before
    assert await count(sessions, SeenFilm) == 1  # the opt-in survived the edit


async def test_a_file_with_an_error_loads_nothing_and_others_still_load(
    loader: Loader, tmp_path: Path
) -> None:
    content, sessions = loader
    good = tmp_path / "good.yaml"
    good.write_text(LA_LA_LAND.read_text())
    bad = tmp_path / "bad.yaml"
    bad.write_text(LA_LA_LAND.read_text().replace("level: plot", "level: loud", 1))
    report = await content.load_paths([bad, good])
    assert [str(p).split(": ")[0].split(":")[0] for p in report.problems] == [str(bad)]
    assert "must be one of none, plot, ending" in str(report.problems[0])
    assert report.loaded == [str(good)]
    assert await count(sessions, Film) == 1


@pytest.mark.parametrize("unstorable", ["\\0", "\\x00"])
async def test_a_file_whose_text_no_database_stores_is_refused_alike_on_every_database(
    app: Epilogue, tmp_path: Path, unstorable: str
) -> None:
    """YAML's escapes write a NUL into text, which SQLite stores and PostgreSQL refuses: such
    a file loaded on one and, on the other, failed the whole load's transaction. It is
    refused with its line on both, and the other files load."""
    good = tmp_path / "good.yaml"
    good.write_bytes(PAPER_MOONS)
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(
        PAPER_MOONS.replace(b"Paper Moons", b"Nul Moons").replace(
            b"synopsis: Two sisters", f'synopsis: "Two{unstorable} sisters"  #'.encode()
        )
    )
    report = await app.load_content([bad, good])
    assert [str(p).split(":")[0] for p in report.problems] == [str(bad)], report.problems
    assert "NUL" in str(report.problems[0])
    titles = {film.title for film in app.catalog.films(None)}
    assert "Paper Moons" in titles and "Nul Moons" not in titles


async def test_replacement_is_one_transaction(
    loader: Loader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If writing the new version fails midway, the old version is still there, whole."""
    from bot.content import loader as loader_module

    content, sessions = loader
    path = tmp_path / "film.yaml"
    path.write_text(LA_LA_LAND.read_text())
    await content.load_paths([path])
    sections_before = await count(sessions, Section)
    path.write_text(path.read_text() + "\n# edited\n")

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader_module, "_rows_for", explode)
    with pytest.raises(RuntimeError):
        await content.load_paths([path])
    assert await count(sessions, Section) == sections_before
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Film)) == 1


async def test_missing_path_is_reported(loader: Loader, tmp_path: Path) -> None:
    content, _sessions = loader
    report = await content.load_paths([tmp_path / "nope"])
    assert "no such file or folder" in str(report.problems[0])


# Every kind of article import-article reads, not only text, Markdown and HTML: an .rst or an
# .org was read as YAML ("could not find expected ':'").
@pytest.mark.parametrize("name", ["a.md", "a.HTML", "a.txt", "a.rst", "a.org", "a.adoc", "a.xml"])
def test_an_article_named_as_content_points_to_import_article(tmp_path: Path, name: str) -> None:
    # Read as YAML, an article's "He dies: at the end." became "is not a known field" problems.
    path = tmp_path / name
    path.write_text("# Film (2001) ending explained\n\nHe dies: at the end.\n")
    files, problems = find_content_files([path])
    assert files == []
    assert [str(p) for p in problems] == [
        f"{path}: is an article, not a content file: draft one with epilogue import-article"
        f" {path} --out FILE.yaml, review it, then load that"
    ]


def test_a_missing_relative_path_says_where_it_was_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # config.example.yaml's `data/films`, copied and run from another folder, names nothing:
    # the problem says which folder relative paths start from.
    monkeypatch.chdir(tmp_path)
    _files, problems = find_content_files([Path("data/films")])
    assert str(problems[0]) == (
        f"data/films: no such file or folder (relative to {tmp_path}, where Epilogue was started)"
    )


async def test_each_film_of_a_batch_gets_its_own_rows_and_edits_keep_ids(
    loader: Loader, tmp_path: Path
) -> None:
    content, sessions = loader
    paths = sorted(write_corpus(tmp_path / "films", 12, seed=3))  # loaded in this order
    first = await content.load_paths([tmp_path / "films"], batch_size=5)
    assert first.ok and first.loaded == [str(p) for p in paths]
    edited = [paths[1], paths[6], paths[11]]  # one in each of those batches
    for path in edited:
        path.write_text(path.read_text().replace("kind: symbolism", "kind: notes"))
    ids_before = await film_ids(sessions)
    second = await content.load_paths([tmp_path / "films"], batch_size=2)
    assert second.loaded == [str(p) for p in edited] and len(second.unchanged) == 9
    assert await film_ids(sessions) == ids_before
    async with sessions() as session:
        for path in paths:
            expected = read_film_file(path).doc
            film_id = ids_before[work_slug(expected.title, expected.year)]
            stored = film_doc(await stored_film(session, film_id))
            assert [s.kind for s in stored.sections] == [s.kind for s in expected.sections]
            assert [s.body for s in stored.sections] == [s.body for s in expected.sections]
            assert [[i.body for i in s.items] for s in stored.sections] == [
                [i.body for i in s.items] for s in expected.sections
            ]
            assert stored.sources == expected.sources
            assert (stored.title, stored.synopsis) == (expected.title, expected.synopsis)


async def stored_film(session: AsyncSession, film_id: int) -> Film:
    query = select(Film).where(Film.id == film_id)
    options = selectinload(Film.sections).selectinload(Section.items), selectinload(Film.sources)
    return (await session.scalars(query.options(*options))).one()


async def film_ids(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with sessions() as session:
        return {
            slug: film_id for slug, film_id in await session.execute(select(Film.slug, Film.id))
        }


async def test_unchanged_files_are_hashed_not_parsed(
    loader: Loader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.content import loader as loader_module

    content, _sessions = loader
    write_corpus(tmp_path / "films", 5, seed=3)
    await content.load_paths([tmp_path / "films"])

    async def unexpected(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an unchanged file was parsed")

    monkeypatch.setattr(loader_module, "read_film_file_off_loop", unexpected)
    report = await content.load_paths([tmp_path / "films"])
    assert report.ok and report.loaded == [] and len(report.unchanged) == 5


async def test_a_second_file_for_a_film_is_reported_and_the_first_one_kept(
    loader: Loader, tmp_path: Path
) -> None:
    content, sessions = loader
    first = tmp_path / "a.yaml"
    first.write_text(LA_LA_LAND.read_text())
    copy = tmp_path / "b.yaml"
    copy.write_text(LA_LA_LAND.read_text())
    other = tmp_path / "c.yaml"
    other.write_text(LA_LA_LAND.read_text().replace("kind: symbolism", "kind: notes"))
    for _load in range(2):  # the same outcome every time, not the files taking turns
        report = await content.load_paths([tmp_path])
        assert [p.file for p in report.problems] == [str(other)]
        assert f"another file for La La Land (2016), which {first} already has" in str(
            report.problems[0]
        )
        async with sessions() as session:
            assert "symbolism" in set(await session.scalars(select(Section.kind)))
            assert await session.scalar(select(Film.origin)) == str(first)
    assert report.unchanged == [str(first), str(copy)]
    assert await count(sessions, Film) == 1


async def test_store_joins_the_callers_transaction(loader: Loader) -> None:
    content, sessions = loader
    film = read_film_file(LA_LA_LAND)
    async with sessions() as session:
        assert (await content.store([film], session=session)).loaded == [film.origin]
        await session.rollback()
    assert await count(sessions, Film) == 0
    async with sessions() as session:
        await content.store([film], session=session)
        await session.commit()
    assert await count(sessions, Film) == 1
    assert await count(sessions, Item) > 0


async def test_progress_counts_every_file_up_to_the_total(loader: Loader, tmp_path: Path) -> None:
    content, _sessions = loader
    write_corpus(tmp_path / "films", 5, seed=3)
    (tmp_path / "films" / "broken.yaml").write_text("title: [\n")
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))

    await content.load_paths([tmp_path / "films"], batch_size=2, progress=progress)
    assert calls[-1] == (6, 6)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)
    calls.clear()
    await content.load_paths([tmp_path / "films"], progress=progress)
    assert calls[-1] == (6, 6)


def test_a_folder_gives_its_content_files_whatever_the_case_of_their_suffix(
    tmp_path: Path,
) -> None:
    """Windows tools write "Film.YAML": skipped, the film would be missing without a word."""
    from bot.content.loader import find_content_files

    for name in ("a.yaml", "b.YAML", "sub/c.Yml", "notes.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("title: x\n")
    (tmp_path / "folder.yaml").mkdir()  # a folder is not a file, whatever its name

    files, problems = find_content_files([tmp_path])

    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.yaml", "b.YAML", "sub/c.Yml"]
    assert problems == []


def test_a_folder_without_content_files_is_reported(tmp_path: Path) -> None:
    """`epilogue check articles/` that holds only .txt files said "0 problem(s)": all is well."""
    from bot.content.loader import find_content_files

    (tmp_path / "notes.txt").write_text("not a film")

    files, problems = find_content_files([tmp_path])

    assert files == []
    assert [p.message for p in problems] == ["has no content files (.yaml or .yml) in it"]


async def test_a_film_replaced_from_another_file_is_named_with_the_file_it_came_from(
    loader: Loader, tmp_path: Path
) -> None:
    """`epilogue import other/la-la-land.yaml` said "1 loaded": the film the shipped file had
    given was replaced without a word, and the next start put the shipped one back."""
    content_loader, _ = loader
    await content_loader.load_paths([LA_LA_LAND])
    other = tmp_path / "other.yaml"
    other.write_text(LA_LA_LAND.read_text().replace("struggling jazz", "penniless jazz"))

    report = await content_loader.load_paths([other])

    assert report.loaded == [str(other)]
    assert report.replaced == [("La La Land (2016)", str(LA_LA_LAND), str(other))]
    # The same file again, edited: an edit, not a replacement from elsewhere.
    other.write_text(LA_LA_LAND.read_text().replace("struggling jazz", "broke jazz"))
    assert (await content_loader.load_paths([other])).replaced == []
