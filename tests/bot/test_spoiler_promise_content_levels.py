"""Attacks from the content side: an author's levels that call an ending spoiler-free.

A section's kind says what its text is. The quick answer ("how it ends"), the ending and the
final shot are the ending, and the recap the plot, whatever level a file gives them; one marked
``level: none`` (a typo, an importer's draft edited by hand, a level copied from the themes
above it) was posted in the open in every channel and found by ``/film search`` in standard
channels, to every reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bot.epilogue import Epilogue
from tests.bot.test_spoiler_promise_regressions import (
    GUILD,
    READER,
    STANDARD,
    FilmWriter,
    ask,
    assert_promise_kept,
    load_global,
)
from tests.support.discord_markdown import visible_text
from tests.support.promise_driver import ADMIN, Driver, make_config
from tests.support.spoiler_world import dump

SPOILER_KINDS = ("quick_answer", "recap", "ending", "final_shot")
VIEWS = {"quick_answer": "quick", "recap": "recap", "ending": "ending", "final_shot": "ending"}


def _declared_open(film: FilmWriter, kind: str, where: str) -> dict[str, object]:
    """A section of ``kind`` whose ending text is declared spoiler-free: the section itself,
    or one item in it (an item's level stands for the section's)."""
    level = "plot" if kind == "recap" else "ending"
    text = f"The stranger drowns in the lake {film.word(level, kind)}"
    if where == "section":
        return {"kind": kind, "level": "none", "body": text}
    return {
        "kind": kind,
        "level": level,
        "items": [{"heading": "Heron", "heading_level": "none", "level": "none", "body": text}],
    }


@pytest.mark.parametrize("where", ["section", "item"])
@pytest.mark.parametrize("kind", SPOILER_KINDS)
async def test_an_ending_declared_spoiler_free_is_never_posted_open(
    driver: Driver, tmp_path: Path, kind: str, where: str
) -> None:
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    sections = [_declared_open(film, kind, where)]
    if kind != "quick_answer":
        sections.insert(0, {"kind": "quick_answer", "level": "ending", "body": "Hidden."})
    report = await load_global(driver, tmp_path, film.doc(sections=sections))

    await ask(driver, VIEWS[kind], "Heron Lake", 2001)
    await driver.command("film search", GUILD, STANDARD, READER, query="stranger drowns")
    assert_promise_kept(driver)
    # Refused where it is read, naming the field and the way out.
    problems = "\n".join(str(problem) for problem in report.problems)
    assert ".level: is none, but" in problems and "Write level: " in problems, problems


async def test_an_admins_upload_calling_its_ending_spoiler_free_is_refused(
    driver: Driver,
) -> None:
    film = FilmWriter(driver, "Heron Lake", 2001, GUILD)
    doc = film.doc(sections=[_declared_open(film, "quick_answer", "section")])
    reply = await driver.upload(GUILD, ADMIN, "heron.yaml", dump(doc))
    assert reply.is_error, reply
    told = visible_text(reply.content or "")
    assert "heron.yaml:" in told and "sections[0].level: is none" in told, told


async def test_an_ending_stored_as_spoiler_free_before_the_check_stays_hidden(
    driver: Driver, tmp_path: Path
) -> None:
    """A database written before such files were refused holds the quick answer, or an item
    of the ending, at level none; its file is unchanged, so no start loads it again. After
    the upgrade the bot still posted it in the open, and search found it."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    sections = [
        _declared_open(film, "quick_answer", "section"),
        _declared_open(film, "recap", "section"),
        _declared_open(film, "ending", "item"),
    ]
    for section in sections:  # as the older code stored them: refused now
        section["level"] = "ending"
        for item in section.get("items", ()):
            item["level"] = "ending"
    report = await load_global(driver, tmp_path, film.doc(sections=sections))
    assert report.ok, report.problems
    async with driver.app.engine.begin() as connection:
        await connection.execute(text("UPDATE sections SET level = 'none'"))
        await connection.execute(text("UPDATE items SET level = 'none'"))
        await connection.execute(text("DELETE FROM film_renders"))  # rendered by older code

    upgraded = await Epilogue.open(make_config(tmp_path / "epilogue.db"), load_content=False)
    try:
        reader = Driver(upgraded, driver.world)
        for view in ("quick", "recap", "ending"):
            await ask(reader, view, "Heron Lake", 2001)
        await reader.command("film search", GUILD, STANDARD, READER, query="stranger drowns")
    finally:
        await upgraded.close()
    assert_promise_kept(driver)
