"""The benchmark corpus is valid content of the promised shape (a functional test, not a timing)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.corpus import CorpusFilm, generate, write_corpus
from bot.content.loader import ContentLoader
from bot.content.schema import FOOTNOTE
from bot.db.engine import create_engine, migrate, session_factory
from bot.levels import SectionKind

ROOT = Path(__file__).resolve().parents[2]
COUNT = 120


@pytest.fixture(scope="module")
def films() -> list[CorpusFilm]:
    return list(generate(COUNT, seed=3))


def test_yaml_reads_back_as_the_same_validated_film(films: list[CorpusFilm]) -> None:
    for film in films[:20]:
        direct = film.film_file()
        parsed = film.film_file(parse=True)
        assert parsed.doc == direct.doc
        assert parsed.content_hash == direct.content_hash
        assert parsed.origin == direct.origin == film.filename


def test_same_seed_same_corpus_and_a_smaller_corpus_is_a_prefix(films: list[CorpusFilm]) -> None:
    again = list(generate(30, seed=3))
    assert [film.yaml() for film in again] == [film.yaml() for film in films[:30]]
    other = list(generate(30, seed=4))
    assert [film.yaml() for film in other] != [film.yaml() for film in again]


@pytest.mark.slow  # two interpreters
def test_corpus_does_not_depend_on_hash_randomisation() -> None:
    script = (
        "import hashlib; from benchmarks.corpus import generate; "
        "print(hashlib.sha256(''.join(f.yaml() for f in generate(8, seed=3)).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_sections_have_realistic_sizes(films: list[CorpusFilm]) -> None:
    for film in films:
        doc = film.film_file().doc
        sections = {section.kind: section for section in doc.sections}
        assert list(sections) == [
            SectionKind.QUICK_ANSWER,
            SectionKind.RECAP,
            SectionKind.ENDING,
            SectionKind.FINAL_SHOT,
            SectionKind.THEMES,
            SectionKind.SYMBOLISM,
            SectionKind.FAQ,
        ]
        assert 500 <= len(sections[SectionKind.QUICK_ANSWER].body or "") <= 750
        assert 2000 <= len(sections[SectionKind.RECAP].body or "") <= 4100
        assert 3000 <= len(sections[SectionKind.ENDING].body or "") <= 6100
        assert 2 <= len(sections[SectionKind.FINAL_SHOT].items) <= 3
        assert len(sections[SectionKind.THEMES].items) == 3
        assert len(sections[SectionKind.SYMBOLISM].items) == 3
        assert all(600 <= len(item.body) <= 1050 for item in sections[SectionKind.THEMES].items)
        assert 2 <= len(sections[SectionKind.FAQ].items) <= 4
        assert 3 <= len(doc.sources) <= 6


def test_corpus_has_remakes_aliases_citations_and_inline_spoilers(
    films: list[CorpusFilm],
) -> None:
    slugs = [film.slug for film in films]
    assert len(set(slugs)) == len(slugs)
    by_title = Counter(film.title for film in films)
    remade = [title for title, count in by_title.items() if count > 1]
    assert remade
    for title in remade:
        years = [film.year for film in films if film.title == title]
        assert len(set(years)) == len(years)
    assert 0.15 < sum(bool(film.aliases) for film in films) / len(films) < 0.5
    texts = [text for film in films for _where, text in film.film_file().doc.texts()]
    assert sum(bool(FOOTNOTE.search(text)) for text in texts) > len(films)
    assert any("||" in text for text in texts)
    assert any(not title.isascii() for title in by_title)


async def test_written_folder_loads_through_the_real_loader(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "corpus", 25, seed=3)
    assert len(paths) == 25
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    try:
        await migrate(engine)
        loader = ContentLoader(session_factory(engine))
        report = await loader.load_paths([tmp_path / "corpus"])
        assert report.ok, report.problems
        assert len(report.loaded) == 25
        # The in-memory route stores the same hashes, so a later folder load finds no change.
        again = await loader.store([film.film_file() for film in generate(25, seed=3)])
        assert len(again.unchanged) == 25
    finally:
        await engine.dispose()
