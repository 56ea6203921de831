"""Issue 10, one test per class of failure, each written as what a reader saw.

Films are built here with canary tokens in their text (``tests.support.spoiler_world``): every
reply goes through the same judge as the stateful test, which knows each token's level, film
and server, and the rules in force at the moment the reply is sent. Buttons are pressed by the
custom ids read from earlier payloads, never built by the test.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.command_table import ChannelRef
from bot.epilogue import Epilogue
from bot.replies import SUPPRESS_EMBEDS, Reply
from tests.support.discord_markdown import visible_text
from tests.support.promise_driver import (
    ADMIN,
    MODERATOR,
    Driver,
    Message,
    film_option,
    make_config,
)
from tests.support.spoiler_world import CANARY, dump, identity

GUILD, OTHER = 1, 2
STANDARD, SPOILERS, NO_SPOILERS = 101, 102, 103
READER, OTHER_READER = 11, 12
_FOLDERS = itertools.count()
FIXTURES = Path(__file__).resolve().parent / "importer" / "fixtures"


# --- building films with canaries -----------------------------------------------------------------


class FilmWriter:
    """One film's data with a fresh canary (recorded in the driver's ledger) in each field."""

    def __init__(self, driver: Driver, title: str, year: int, owner: int) -> None:
        self.ledger = driver.world.ledger
        self.ident = identity(title, year)
        self.owner = owner
        self.title, self.year = title, year

    def word(self, level: str, where: str) -> str:
        return self.ledger.new(level, self.ident, self.owner, where)

    def long(self, level: str, where: str, paragraphs: int = 14) -> str:
        """Several pages of text (over 3,900 characters), a canary in every paragraph."""
        filler = "The lake keeps its secrets and the birds keep theirs. " * 6
        return "\n\n".join(f"{filler}{self.word(level, where)}" for _ in range(paragraphs))

    def doc(self, **changes: Any) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "title": self.title,
            "year": self.year,
            "synopsis": f"A birdwatcher returns home. {self.word('none', 'synopsis')}",
            "sections": [
                {
                    "kind": "quick_answer",
                    "level": "ending",
                    "body": f"The stranger is her brother. {self.word('ending', 'quick')}",
                },
            ],
        }
        doc.update(changes)
        return doc

    def paged(self, level: str = "ending", kind: str = "quick_answer") -> dict[str, Any]:
        return self.doc(sections=[{"kind": kind, "level": level, "body": self.long(level, kind)}])


async def load_global(driver: Driver, tmp_path: Path, *docs: dict[str, Any]) -> Any:
    folder = tmp_path / f"global{next(_FOLDERS)}"
    folder.mkdir()
    for index, doc in enumerate(docs):
        (folder / f"film{index}.yaml").write_bytes(dump(doc))
    return await driver.app.load_content([folder], guild_id=0)


async def import_copy(
    driver: Driver, guild: int, doc: dict[str, Any], name: str = "film.yaml"
) -> Reply:
    """Attachment and confirm, as an admin of ``guild`` does."""
    preview = await driver.upload(guild, ADMIN, name, dump(doc))
    done = await driver.confirm(guild, ADMIN, preview)
    assert done is not None, f"no Confirm button: {preview.content or preview.embeds}"
    return done


async def set_mode(driver: Driver, guild: int, channel: int, mode: str) -> None:
    await driver.command(
        "spoiler-rules channel",
        guild,
        guild * 100 + 2,
        MODERATOR,
        channel=ChannelRef(channel, guild),
        mode=mode,
    )
    driver.world.modes[(guild, channel)] = mode


async def ask(
    driver: Driver,
    view: str,
    title: str,
    year: int,
    *,
    guild: int = GUILD,
    channel: int = STANDARD,
    user: int = READER,
    **options: Any,
) -> Reply:
    return await driver.command(
        f"film {view}",
        guild,
        channel,
        user,
        about=identity(title, year),
        film=film_option(title, year),
        **options,
    )


async def embargo(driver: Driver, film: FilmWriter) -> None:
    """A moderator embargoes the film in ``GUILD`` until 2099."""
    driver.world.embargoes.setdefault(GUILD, set()).add(film.ident)
    await driver.command(
        "spoiler-rules embargo",
        GUILD,
        SPOILERS,
        MODERATOR,
        film=film_option(film.title, film.year),
        until="2099-12-31",
    )


def button(message: Message, word: str) -> tuple[str, str]:
    found = [(label, cid) for label, cid in message.buttons if word in label.casefold()]
    assert found, f"no '{word}' button among {message.buttons}"
    return found[0]


def assert_promise_kept(driver: Driver) -> None:
    problems = "\n".join(dict.fromkeys(driver.world.problems))
    assert not problems, f"{problems}\n\nsteps:\n" + "\n".join(driver.world.log)


def tokens(reply: Reply) -> set[str]:
    text = " ".join(str(part) for part in reply.payload().values())
    return set(CANARY.findall(text))


def is_error(reply: Reply) -> bool:
    return reply.ephemeral and reply.is_error


# --- 1. a button names content, not a row ---------------------------------------------------------


async def test_old_buttons_never_show_a_film_that_took_the_removed_ones_place(
    driver: Driver,
) -> None:
    """Film A's answer is posted in server 1; A is removed; server 2 imports film B, which may
    get the row A had. Reveal and page buttons of the old answer must not show B (or anything
    of A's unwrapped in public), and say privately that the answer is gone."""
    film_a = FilmWriter(driver, "Heron Lake", 2001, GUILD)
    await import_copy(driver, GUILD, film_a.paged())
    await ask(driver, "quick", "Heron Lake", 2001)
    posted = driver.world.messages[-1]
    assert posted.public and len(posted.buttons) >= 2, posted.buttons
    removal = await driver.command(
        "film-admin remove", GUILD, STANDARD, ADMIN, film=film_option("Heron Lake", 2001)
    )
    await driver.confirm(GUILD, ADMIN, removal)
    film_b = FilmWriter(driver, "Glass Harbor", 2003, OTHER)
    await import_copy(driver, OTHER, film_b.paged())
    b_tokens = {t for t, c in driver.world.ledger.canaries.items() if c.owner == OTHER}

    replies = [
        await driver.press(posted, *button(posted, "reveal"), OTHER_READER),
        await driver.press(posted, *button(posted, "next"), READER),
    ]
    assert_promise_kept(driver)
    for reply in replies:
        assert not tokens(reply) & b_tokens
        assert reply.ephemeral, "a press on a gone answer is answered privately"


# --- 2. a press decides again with the rules in force now -----------------------------------------


@pytest.mark.parametrize("change", ["channel-to-no-spoilers", "embargo", "level-raised"])
async def test_presses_follow_the_rules_in_force_now(
    driver: Driver, tmp_path: Path, change: str
) -> None:
    """An answer is posted; then the rules or the content change; then its asker pages it.
    The edited public message may show only what the current rules allow publicly."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    view = "quick"
    if change == "level-raised":
        # Themes: the one kind here a file may mark spoiler-free (an ending may not be).
        doc, view = film.paged(level="none", kind="themes"), "themes"
        await load_global(driver, tmp_path, doc)
        channel = STANDARD
    else:
        doc = film.paged()
        await load_global(driver, tmp_path, doc)
        channel = SPOILERS if change == "channel-to-no-spoilers" else STANDARD
        if channel == SPOILERS:
            await set_mode(driver, GUILD, SPOILERS, "spoilers")
    await ask(driver, view, "Heron Lake", 2001, channel=channel)
    posted = driver.world.messages[-1]
    assert posted.public, "the answer was posted publicly"

    if change == "channel-to-no-spoilers":
        await set_mode(driver, GUILD, SPOILERS, "no-spoilers")
    elif change == "embargo":
        await embargo(driver, film)
    else:
        raised = dict(doc, sections=[dict(doc["sections"][0], level="ending")])
        for token in CANARY.findall(doc["sections"][0]["body"]):
            driver.world.ledger.relevel(token, "ending")
        report = await load_global(driver, tmp_path, raised)
        assert not report.problems, report.problems

    await driver.press(posted, *button(posted, "next"), READER)
    assert_promise_kept(driver)


@pytest.mark.parametrize("change", ["channel-to-no-spoilers", "embargo", "opted-in"])
async def test_an_answer_worked_out_while_typing_follows_the_rules_when_asked(
    driver: Driver, tmp_path: Path, change: str
) -> None:
    """A member types the title (the answer is worked out ahead for the rules of that moment);
    the rules change before they press Enter; the answer shows what the new rules allow."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    await load_global(driver, tmp_path, film.paged())
    channel = SPOILERS
    await set_mode(driver, GUILD, SPOILERS, "spoilers")
    await driver.typing(GUILD, channel, READER, "film quick", "heron la")
    if change == "channel-to-no-spoilers":
        await set_mode(driver, GUILD, SPOILERS, "no-spoilers")
    elif change == "embargo":
        await embargo(driver, film)
    else:  # the reader may now see it unwrapped, privately, where nobody else may
        await set_mode(driver, GUILD, SPOILERS, "no-spoilers")
        seen = film_option("Heron Lake", 2001)
        await driver.command("spoilers seen", GUILD, SPOILERS, READER, film=seen)
        driver.world.seen.setdefault(READER, set()).add(film.ident)
    reply = await ask(driver, "quick", "Heron Lake", 2001, channel=channel)

    assert not is_error(reply)
    assert_promise_kept(driver)


# --- 3. every field has a level -------------------------------------------------------------------


@pytest.mark.parametrize("channel", [STANDARD, NO_SPOILERS])
async def test_cast_and_director_spans_stay_hidden_in_film_info(
    driver: Driver, tmp_path: Path, channel: int
) -> None:
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    doc = film.doc(
        director=f"Ana Lind ||{film.word('ending', 'director')}||",
        cast=["Mia Berg", f"Tom Ek ||{film.word('ending', 'cast')}||"],
    )
    await load_global(driver, tmp_path, doc)
    if channel == NO_SPOILERS:
        await set_mode(driver, GUILD, NO_SPOILERS, "no-spoilers")
    await ask(driver, "info", "Heron Lake", 2001, channel=channel)
    await ask(driver, "info", "Heron Lake", 2001, channel=channel, private=True)
    assert_promise_kept(driver)


async def test_faq_autocomplete_never_offers_a_question_with_a_spoiler_span(
    driver: Driver, tmp_path: Path
) -> None:
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    doc = film.doc(
        sections=[
            {
                "kind": "faq",
                "level": "ending",
                "items": [
                    {
                        "heading": f"Why does ||{film.word('ending', 'faq heading')}|| leave?",
                        "heading_level": "none",
                        "level": "ending",
                        "body": f"Because. {film.word('ending', 'faq body')}",
                    }
                ],
            }
        ]
    )
    await load_global(driver, tmp_path, doc)
    for typed in ("", "why", "leave"):
        await driver.choices(GUILD, STANDARD, READER, typed, film=film_option("Heron Lake", 2001))
    assert_promise_kept(driver)


@pytest.mark.parametrize("field", ["title", "aliases"])
async def test_spoiler_bars_are_refused_where_discord_cannot_hide_them(
    driver: Driver, tmp_path: Path, field: str
) -> None:
    """Titles and aliases reach embed titles, /film list and autocomplete: no ``||`` there, and
    the refusal names the file and line."""
    film = FilmWriter(driver, "Heron Lake", 2001, GUILD)
    secret = film.word("ending", field)
    doc = film.doc()
    if field == "title":
        doc["title"] = f"Heron Lake ||{secret}||"
    else:
        doc["aliases"] = [f"HL ||{secret}||"]
    text = dump(doc).decode()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if secret in row)
    reply = await driver.upload(GUILD, ADMIN, "heron.yaml", text.encode())
    assert is_error(reply), reply
    assert f"heron.yaml:{line}" in visible_text(reply.content or ""), reply.content
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "heron.yaml").write_text(text)
    report = await driver.app.load_content([tmp_path / "bad"], guild_id=0)
    assert any(f"heron.yaml:{line}" in str(p) for p in report.problems), report.problems
    await driver.command("film list", GUILD, STANDARD, READER)
    await driver.choices(GUILD, STANDARD, READER, "heron")
    assert_promise_kept(driver)


async def test_sources_are_hidden_like_the_text_they_support(
    driver: Driver, tmp_path: Path
) -> None:
    """A source cited only from ending text (here: from inside a span of plot text) states the
    twist in its title or URL: it is wrapped in public and to readers who did not opt in."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    source = {
        "id": 1,
        "author": film.word("ending", "source author"),
        "outlet": film.word("ending", "source outlet"),
        "title": f"Why the brother did it {film.word('ending', 'source title')}",
        "url": f"https://example.org/brother-twist-{film.word('ending', 'source url')}",
    }
    doc = film.doc(
        sources=[source],
        sections=[
            {
                "kind": "quick_answer",
                "level": "ending",
                "body": f"It was the brother. {film.word('ending', 'quick')}[^1]",
            },
            {
                "kind": "recap",
                "level": "plot",
                "body": f"She returns. {film.word('plot', 'recap')} ||He did it.[^1] ||",
            },
        ],
    )
    await load_global(driver, tmp_path, doc)
    for view in ("quick", "recap"):
        await ask(driver, view, "Heron Lake", 2001)
        await ask(driver, view, "Heron Lake", 2001, private=True)
    assert_promise_kept(driver)


async def test_a_source_is_as_hidden_as_the_most_revealing_text_citing_it_anywhere(
    driver: Driver, tmp_path: Path
) -> None:
    """Found by the stateful test: a spoiler-free FAQ question cites a source that the ending
    also cites. Asked alone, that question's answer must still hide the source, although nothing
    else it shows is a spoiler, because the source's title may state the twist."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    source = {
        "id": 1,
        "author": film.word("ending", "source author"),
        "title": f"The twist explained {film.word('ending', 'source title')}",
    }
    doc = film.doc(
        sources=[source],
        sections=[
            {
                "kind": "quick_answer",
                "level": "ending",
                "body": f"It was the brother. {film.word('ending', 'quick')}[^1]",
            },
            {
                "kind": "faq",
                "level": "none",
                "items": [
                    {
                        "heading": "Where was it shot?",
                        "heading_level": "none",
                        "level": "none",
                        "body": "On a lake in Finland.[^1]",
                    }
                ],
            },
        ],
    )
    await load_global(driver, tmp_path, doc)
    await ask(driver, "faq", "Heron Lake", 2001, question="1")
    await ask(driver, "faq", "Heron Lake", 2001, question="1", private=True)
    assert_promise_kept(driver)


async def test_a_source_title_is_ending_text_whoever_cites_it(
    driver: Driver, tmp_path: Path
) -> None:
    """An "ending explained" article's headline and slug state the twist ("Why Mia marries
    Greg"): cited only by spoiler-free text (the synopsis, a safe FAQ question), its title and
    URL were shown in the open with them. So may its author or outlet (an importer's misread
    puts a headline's words there): all of its words are shown as an ending is."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    source = {
        "id": 1,
        "author": f"Ann {film.word('ending', 'source author')}",
        "outlet": f"The {film.word('ending', 'source outlet')}",
        "title": f"Why the brother did it {film.word('ending', 'source title')}",
        "url": f"https://example.org/why-{film.word('ending', 'source url')}",
    }
    doc = film.doc(
        synopsis="A birdwatcher returns home.[^1]",
        sources=[source],
        sections=[
            {"kind": "themes", "level": "none", "body": "Home, at last.[^1]"},
            {
                "kind": "faq",
                "level": "none",
                "items": [
                    {
                        "heading": "Where was it shot?",
                        "heading_level": "none",
                        "level": "none",
                        "body": "On a lake in Finland.[^1]",
                    }
                ],
            },
        ],
    )
    await load_global(driver, tmp_path, doc)
    replies = []
    for private in (False, True):
        replies.append(await ask(driver, "themes", "Heron Lake", 2001, private=private))
        await ask(driver, "faq", "Heron Lake", 2001, question="1", private=private)
        await ask(driver, "info", "Heron Lake", 2001, private=private)
    assert_promise_kept(driver)
    # Listed all the same, its words behind bars.
    for reply in replies:
        answer = reply.embeds[0].description or ""
        assert "[1]" in visible_text(answer) and "||Ann " in answer, answer


# --- 4. one identity per work ---------------------------------------------------------------------


async def test_films_with_non_latin_titles_of_one_year_are_different_films(
    driver: Driver, tmp_path: Path
) -> None:
    """Both load; marking one as seen unwraps that one only."""
    river = FilmWriter(driver, "Ποταμός", 2001, 0)
    other = FilmWriter(driver, "Река", 2001, 0)
    report = await load_global(driver, tmp_path, river.doc(), other.doc())
    assert not report.problems, report.problems
    await driver.command(
        "spoilers seen", GUILD, STANDARD, READER, film=film_option("Ποταμός", 2001)
    )
    driver.world.seen.setdefault(READER, set()).add(river.ident)
    river_reply = await ask(driver, "quick", "Ποταμός", 2001)
    other_reply = await ask(driver, "quick", "Река", 2001)
    assert_promise_kept(driver)
    quick_of = {
        c.identity: c.token for c in driver.world.ledger.canaries.values() if c.where == "quick"
    }
    assert quick_of[river.ident] in visible_text(river_reply.embeds[0].description or "")
    assert quick_of[other.ident] in tokens(other_reply), "Река answers with its own text"


async def test_a_server_copy_hides_only_its_own_film(driver: Driver, tmp_path: Path) -> None:
    """A server's copy of one film leaves every other global film visible there."""
    river = FilmWriter(driver, "Ποταμός", 2001, 0)
    await load_global(driver, tmp_path, river.doc())
    other = FilmWriter(driver, "Река", 2001, GUILD)
    await import_copy(driver, GUILD, other.doc())
    reply = await ask(driver, "quick", "Ποταμός", 2001, private=True)
    quick = next(
        c.token
        for c in driver.world.ledger.canaries.values()
        if c.identity == river.ident and c.where == "quick"
    )
    assert quick in tokens(reply), f"Ποταμός is hidden in server {GUILD}: {reply.content}"
    assert_promise_kept(driver)


# --- 5. an embargo covers every copy --------------------------------------------------------------


@pytest.mark.parametrize("copy", ["edit", "import", "add"])
async def test_an_embargo_covers_the_servers_own_copy(
    driver: Driver, tmp_path: Path, copy: str
) -> None:
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    await load_global(driver, tmp_path, film.doc())
    await embargo(driver, film)
    own = FilmWriter(driver, "Heron Lake", 2001, GUILD)
    if copy == "import":
        await import_copy(driver, GUILD, own.doc())
    else:
        name = "film-admin edit" if copy == "edit" else "film-admin add"
        options = {"film": film_option("Heron Lake", 2001), "section": "quick_answer"}
        form = await driver.command(
            name, GUILD, STANDARD, ADMIN, **(options if copy == "edit" else {})
        )
        assert form.modal is not None, form
        values = {
            "title": "Heron Lake",
            "year": "2001",
            "synopsis": "A birdwatcher returns home.",
            "quick_answer": f"The brother. {own.word('ending', 'quick')}",
            "body": f"The brother. {own.word('ending', 'quick')}",
        }
        fields = [item.custom_id for item in form.modal.inputs]
        await driver.submit(
            GUILD,
            STANDARD,
            ADMIN,
            form.modal.custom_id,
            {k: v for k, v in values.items() if k in fields},
        )
    await driver.command("spoiler-rules show", GUILD, SPOILERS, MODERATOR)
    await ask(driver, "quick", "Heron Lake", 2001)
    await ask(driver, "quick", "Heron Lake", 2001, channel=NO_SPOILERS)
    assert_promise_kept(driver)


@pytest.mark.parametrize(
    "title",
    [
        "Her\u00adon Lake",
        "Heron La\u200dke",
        "He\u2060ron Lake",
        "H\u0435ron Lake",
        "Her\u0585n \ua4e1ake",  # Armenian "օ", Lisu "ꓡ": Unicode's confusables, no list
    ],
)
async def test_an_embargo_covers_a_copy_whose_title_holds_a_character_drawn_as_nothing(
    driver: Driver, tmp_path: Path, title: str
) -> None:
    """A title pasted from a web page may carry a soft hyphen, a joiner or a byte-order mark,
    drawn as nothing, or a look-alike letter of another script (a Cyrillic "е"): the copy is
    the film its title reads as, and the embargo on it holds."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    await load_global(driver, tmp_path, film.doc())
    await embargo(driver, film)
    own = FilmWriter(driver, title, 2001, GUILD)
    own.ident = film.ident  # the same film to every reader: its words are Heron Lake's
    await import_copy(driver, GUILD, own.doc())
    for typed in (title, "Heron Lake"):
        await driver.command(
            "film quick", GUILD, STANDARD, READER, about=film.ident, film=film_option(typed, 2001)
        )
    assert_promise_kept(driver)


# --- 6. imports add no public text on their own ---------------------------------------------------


async def test_an_imported_article_adds_no_public_text_the_preview_did_not_show(
    driver: Driver,
) -> None:
    """An article's lede that names the twist in plain words must not become a public synopsis;
    whatever an import makes public, its preview showed verbatim first."""
    article = (FIXTURES / "arrival.md").read_text(encoding="utf-8")
    lede = re.search(r"^\*(.+)\*$", article, re.MULTILINE)
    assert lede is not None
    twist = driver.world.ledger.new("ending", identity("Arrival", 2016), GUILD, "lede")
    article = article.replace(
        lede[1], f"Louise's daughter {twist} is not a memory but a future she accepts."
    )
    preview = await driver.upload(GUILD, ADMIN, "arrival.md", article.encode())
    previewed = visible_text(" ".join(e.description or "" for e in preview.embeds))
    done = await driver.confirm(GUILD, ADMIN, preview)
    assert done is not None, preview
    choices = await driver.choices(GUILD, STANDARD, READER, "Arrival")
    assert choices, "the article was imported"
    info = await driver.command("film info", GUILD, STANDARD, READER, film=choices[0].value)
    shown = set(CANARY.findall(visible_text(info.embeds[0].description or "")))
    assert twist not in shown or twist in previewed, (
        "the lede became public text that the preview never showed"
    )
    assert twist not in shown, "an imported article's lede is public without anyone writing it"


# --- 7. search does not repeat a member's words in public -----------------------------------------


@pytest.mark.parametrize("channel", [STANDARD, NO_SPOILERS])
async def test_search_never_repeats_the_query_in_public(
    driver: Driver, tmp_path: Path, channel: int
) -> None:
    await load_global(driver, tmp_path, FilmWriter(driver, "Heron Lake", 2001, 0).doc())
    if channel == NO_SPOILERS:
        await set_mode(driver, GUILD, NO_SPOILERS, "no-spoilers")
    typed = driver.world.ledger.new("ending", ("typed", 0), GUILD, "query")
    query = f"snape kills dumbledore {typed} https://example.org/{typed}"
    reply = await driver.command("film search", GUILD, channel, READER, query=query)
    assert_promise_kept(driver)
    if typed in tokens(reply):
        assert reply.payload()["flags"] & SUPPRESS_EMBEDS, "a link from the query would unfurl"


# --- 8. hostile files -----------------------------------------------------------------------------


def alias_bomb(levels: int = 5, width: int = 10) -> str:
    """A small file whose aliases expand to width**levels items (here 100,000)."""
    lines = ["title: Bomb", "year: 2001", 'synopsis: "x"', f"a0: &a0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"cast: *a{levels - 1}")
    lines.append("sections: [{kind: quick_answer, body: x}]")
    return "\n".join(lines) + "\n"


async def test_a_yaml_alias_bomb_is_refused_by_name(driver: Driver, tmp_path: Path) -> None:
    reply = await driver.upload(GUILD, ADMIN, "bomb.yaml", alias_bomb().encode())
    assert is_error(reply), reply
    assert re.search(r"alias|anchor", reply.content or "", re.IGNORECASE), reply.content
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bomb.yaml").write_text(alias_bomb())
    report = await driver.app.load_content([tmp_path / "content"], guild_id=0)
    assert any(re.search(r"alias|anchor", str(p), re.IGNORECASE) for p in report.problems)


def nested(depth: int) -> str:
    return "[" * depth + "x" + "]" * depth


async def test_deeply_nested_yaml_is_a_clear_error(driver: Driver, tmp_path: Path) -> None:
    text = f"title: Deep\nyear: 2001\nsynopsis: x\ncast: {nested(990)}\nsections: []\n"
    reply = await driver.upload(GUILD, ADMIN, "deep.yaml", text.encode())
    assert is_error(reply), reply
    assert "deep.yaml" in visible_text(reply.content or ""), reply.content


@pytest.mark.parametrize("date", ["2000-02-30", "2001-13-01"])
async def test_an_impossible_date_is_a_one_line_error_everywhere(
    driver: Driver, tmp_path: Path, date: str
) -> None:
    film = FilmWriter(driver, "Heron Lake", 2001, GUILD)
    text = dump(film.doc(release_date="DATE")).decode().replace("DATE", date)
    reply = await driver.upload(GUILD, ADMIN, "heron.yaml", text.encode())
    assert is_error(reply), reply
    assert "release_date" in visible_text(reply.content or ""), reply.content
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "heron.yaml").write_text(text)
    good = FilmWriter(driver, "Glass Harbor", 2003, 0)
    (folder / "glass.yaml").write_bytes(dump(good.doc()))
    report = await driver.app.load_content([folder], guild_id=0)
    assert any("release_date" in str(p) for p in report.problems), report.problems
    assert report.loaded, "the good file beside the bad one still loads"


async def test_one_bad_file_never_stops_start_up(tmp_path: Path) -> None:
    folder = tmp_path / "films"
    folder.mkdir()
    (folder / "a-bad-date.yaml").write_text(
        "title: Bad\nyear: 2001\nrelease_date: 2000-02-30\nsynopsis: x\n"
        "sections: [{kind: quick_answer, body: x}]\n"
    )
    (folder / "b-deep.yaml").write_text(f"title: Deep\nyear: 2001\ncast: {nested(990)}\n")
    (folder / "c-good.yaml").write_text(
        "title: Good\nyear: 2001\nsynopsis: x\nsections: [{kind: quick_answer, body: x}]\n"
    )
    config = make_config(tmp_path / "start.db")
    config.content.directories = [folder]
    app = await Epilogue.open(config)
    try:
        titles = await Driver(app).choices(GUILD, STANDARD, READER, "")
        assert len(titles) == 1 and "Good" in titles[0].name, titles
    finally:
        await app.close()


async def test_an_embargo_counted_from_a_far_future_release_is_a_clear_error(
    driver: Driver, tmp_path: Path
) -> None:
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    await load_global(driver, tmp_path, film.doc(release_date=dt.date(9999, 12, 31)))
    reply = await driver.command(
        "spoiler-rules embargo", GUILD, SPOILERS, MODERATOR, film="Heron Lake (2001)", days=1
    )
    assert is_error(reply), reply


# --- 9. retention ---------------------------------------------------------------------------------


async def test_a_pending_import_expires(driver: Driver) -> None:
    """A preview left for a year cannot be confirmed: nothing is loaded, and the admin is told."""
    film = FilmWriter(driver, "Heron Lake", 2001, GUILD)
    preview = await driver.upload(GUILD, ADMIN, "heron.yaml", dump(film.doc()))
    message = driver.world.messages[-1]
    _label, custom_id = button(message, "confirm")
    now = driver.invocation(GUILD, STANDARD, ADMIN)
    later = replace(now, now=now.now + dt.timedelta(days=366))
    reply = await driver.app.press(later, custom_id)
    assert reply.ephemeral and "expired" in (reply.content or "").casefold(), reply
    assert not await driver.choices(GUILD, STANDARD, READER, "Heron"), "a year-old preview loaded"
    assert preview.embeds, "the preview showed what the file holds"
