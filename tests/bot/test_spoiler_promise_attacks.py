"""Attacks on the promise from outside: ids a member crafts, text an author or member writes.

Each test is a reader's view of one class of failure found by attacking the bot afresh; the
films carry canaries (``tests.support.spoiler_world``) and every reply goes through the same
judge as the stateful test.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.buttons import AnswerAction, AnswerButton, parse
from bot.cache_sync import CONTENT_POLL_S
from bot.command_table import ChannelRef
from bot.console import Seat, interactive
from bot.content.schema import FilmDoc
from bot.epilogue import Epilogue
from bot.features.film_admin.content import public_texts
from tests.bot.test_spoiler_promise_regressions import (
    GUILD,
    NO_SPOILERS,
    OTHER,
    OTHER_READER,
    READER,
    STANDARD,
    FilmWriter,
    ask,
    assert_promise_kept,
    button,
    import_copy,
    load_global,
    set_mode,
)
from tests.support.discord_markdown import visible_text
from tests.support.promise_driver import ADMIN, MODERATOR, Driver, film_option, make_config
from tests.support.spoiler_world import CANARY, dump


def _with_action(custom_id: str, action: AnswerAction) -> str:
    pressed = parse(custom_id)
    assert isinstance(pressed, AnswerButton)
    return AnswerButton(
        action,
        pressed.film_key,
        pressed.revision,
        pressed.topic,
        pressed.question,
        pressed.page,
        pressed.treatment,
        pressed.owner_id,
    ).encode()


@pytest.mark.parametrize("presser", [READER, OTHER_READER])
async def test_a_crafted_revealed_page_id_never_edits_a_public_answer_open(
    driver: Driver, tmp_path: Path, presser: int
) -> None:
    """A public, wrapped answer's Next button, its action word changed to the one a revealed
    copy's pages carry: the press must not turn the public message into the unwrapped text."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    await load_global(driver, tmp_path, film.paged())
    await ask(driver, "quick", "Heron Lake", 2001)
    posted = driver.world.messages[-1]
    assert posted.public
    label, next_id = button(posted, "next")

    crafted = _with_action(next_id, AnswerAction.REVEALED_PAGE)
    await driver.press(posted, label, crafted, presser, tampered=True)
    assert_promise_kept(driver)


async def test_a_stray_bar_in_one_cast_entry_never_pairs_with_another_entrys_spoiler(
    driver: Driver, tmp_path: Path
) -> None:
    """Each cast entry is its own text: joined first, a stray ``||`` ending one entry paired
    with the opening bars of the next entry's spoiler and showed that spoiler's words, in the
    public card and in an admin's import preview alike."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    doc = film.doc(cast=["Mia Berg ||", f"Tom Ek ||{film.word('ending', 'cast')}||"])
    await load_global(driver, tmp_path, doc)

    await ask(driver, "info", "Heron Lake", 2001)
    assert_promise_kept(driver)
    public = dict(public_texts(FilmDoc.model_validate(doc)))
    assert not CANARY.findall(visible_text(public["Cast"]))


@pytest.mark.parametrize("mode", ["spoilers", "inherit", "standard"])
async def test_another_servers_moderator_never_changes_this_servers_channel_rule(
    driver: Driver, tmp_path: Path, mode: str
) -> None:
    """A channel option Discord's payload files under the asker's server (a forged one, or
    a channel this process does not cache: another shard's) named this server's no-spoilers
    channel. The rule was keyed by the channel alone, so the other server's moderator moved it
    to their server: here the channel fell back to the default, and the next answer was posted
    in it, wrapped, where spoilers are kept out."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    await load_global(driver, tmp_path, film.doc())
    await set_mode(driver, GUILD, NO_SPOILERS, "no-spoilers")

    # What the adapter makes of a channel it cannot place: the asker's server.
    forged = ChannelRef(NO_SPOILERS, OTHER)
    await driver.command(
        "spoiler-rules channel", OTHER, OTHER * 100 + 2, MODERATOR, channel=forged, mode=mode
    )
    await ask(driver, "quick", "Heron Lake", 2001, channel=NO_SPOILERS)

    assert_promise_kept(driver)
    assert not driver.world.messages[-1].public


async def _swap_behind_the_bots_back(driver: Driver, tmp_path: Path) -> None:
    """Server 1's own film, then, through a console on the bot's database (the bot's catalog
    not told), that film removed and server 2's own film imported in its row id's place."""
    await import_copy(driver, GUILD, FilmWriter(driver, "Heron Lake", 2001, GUILD).doc())
    theirs = FilmWriter(driver, "Glass Harbor", 2003, OTHER)
    console = await Epilogue.open(make_config(tmp_path / "epilogue.db"), load_content=False)
    try:
        console_driver = Driver(console, driver.world)
        removal = await console_driver.command(
            "film-admin remove", GUILD, STANDARD, ADMIN, film=film_option("Heron Lake", 2001)
        )
        await console_driver.confirm(GUILD, ADMIN, removal)
        await import_copy(console_driver, OTHER, theirs.doc())
    finally:
        await console.close()


async def test_a_console_on_the_bots_database_never_hands_one_servers_film_to_another(
    driver: Driver, tmp_path: Path
) -> None:
    """The console (or ``epilogue import``) changes content in the bot's SQLite database; the
    bot's catalog still names the film it knew by row id. SQLite gives a new film the id of
    the last one deleted: the bot answered one server's question about its own film with
    another server's film, under the first server's name."""
    await _swap_behind_the_bots_back(driver, tmp_path)

    for view in ("quick", "info"):
        await ask(driver, view, "Heron Lake", 2001)
    assert_promise_kept(driver)


async def test_removing_a_film_by_a_stale_row_id_never_removes_another_servers_film(
    driver: Driver, tmp_path: Path
) -> None:
    await _swap_behind_the_bots_back(driver, tmp_path)

    removal = await driver.command(
        "film-admin remove", GUILD, STANDARD, ADMIN, film=film_option("Heron Lake", 2001)
    )
    await driver.confirm(GUILD, ADMIN, removal)

    await driver.app.catalog.refresh()
    assert driver.app.catalog.resolve(OTHER, "Glass Harbor") is not None


async def test_a_fix_made_by_another_process_reaches_the_bots_answers(
    driver: Driver, tmp_path: Path
) -> None:
    """The operator sees a synopsis that gives the ending away and fixes it (the twist behind
    ``||bars||``) with ``epilogue import`` on the bot's SQLite database. Only PostgreSQL told
    the bot: on SQLite its catalog kept naming the old revision, and /film info went on posting
    the ending in the open to everyone until the bot was restarted."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    twist = film.word("none", "synopsis")
    await load_global(driver, tmp_path, film.doc(synopsis=f"A birdwatcher returns. {twist}"))
    await ask(driver, "info", "Heron Lake", 2001)
    assert_promise_kept(driver)

    driver.world.ledger.relevel(twist, "ending")
    fixed = film.doc(synopsis=f"A birdwatcher returns. ||{twist}||")
    other = await Epilogue.open(make_config(tmp_path / "epilogue.db"), load_content=False)
    try:
        await load_global(Driver(other, driver.world), tmp_path, fixed)
    finally:
        await other.close()

    await asyncio.sleep(CONTENT_POLL_S + 0.5)  # the bot's next look at the database
    await ask(driver, "info", "Heron Lake", 2001)
    assert_promise_kept(driver)


def _console_lines(*lines: str):  # type: ignore[no-untyped-def]
    pending = iter(lines)

    def read(_prompt: str) -> str:
        try:
            return next(pending)
        except StopIteration:
            raise EOFError from None

    return read


async def test_the_console_prints_no_spoiler_its_reader_did_not_open(
    driver: Driver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``epilogue console`` is a member's view too: in a standard channel a public answer's
    ending is wrapped, and Discord shows it only when the reader clicks it. The console printed
    what the bars wrap in the open, the ending on the terminal at the first command; the
    guard's report of a hidden message (its ending terms) likewise. What Discord hides is
    masked until the reader types ``reveal``, as clicking the bars opens them."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    await load_global(driver, tmp_path, film.doc())
    seat = Seat(user_id=READER, guild_id=GUILD, channel_id=STANDARD)
    endings = {t for t, c in driver.world.ledger.canaries.items() if c.level == "ending"}

    await interactive(
        driver.app, seat, as_json=False, read=_console_lines("/film quick film:Heron Lake (2001)")
    )
    printed = capsys.readouterr().out
    assert "The stranger is her brother" not in printed
    assert not endings & set(CANARY.findall(printed)), printed
    assert "reveal" in printed  # how to open them

    await interactive(
        driver.app,
        seat,
        as_json=False,
        read=_console_lines("/film quick film:Heron Lake (2001)", "reveal"),
    )
    assert endings <= set(CANARY.findall(capsys.readouterr().out))


async def test_a_rule_set_by_another_process_holds_at_the_next_answer(
    driver: Driver, tmp_path: Path
) -> None:
    """A moderator makes a channel no-spoilers from a console on the bot's SQLite database.
    The bot kept the server's old rules in memory for up to a minute, and went on posting the
    film's ending in that channel (wrapped) where spoilers are now kept out."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)
    await load_global(driver, tmp_path, film.doc())
    await ask(driver, "quick", "Heron Lake", 2001, channel=NO_SPOILERS)
    assert driver.world.messages[-1].public  # standard so far: wrapped, in public

    other = await Epilogue.open(make_config(tmp_path / "epilogue.db"), load_content=False)
    try:
        await set_mode(Driver(other, driver.world), GUILD, NO_SPOILERS, "no-spoilers")
    finally:
        await other.close()

    await asyncio.sleep(CONTENT_POLL_S + 0.5)  # the bot's next look at the database
    await ask(driver, "quick", "Heron Lake", 2001, channel=NO_SPOILERS)
    assert_promise_kept(driver)
    assert not driver.world.messages[-1].public


async def test_the_moderators_log_never_names_an_uploaded_file(
    driver: Driver, tmp_path: Path
) -> None:
    """An explainer saved from the web keeps its headline as its file name ('Heron Lake
    Ending Explained: The Stranger Is Her Brother.html'). The admin's import wrote that name
    into the audit log, and ``/spoiler-rules log`` showed it in the open to every moderator,
    none of whom had asked for the ending."""
    film = FilmWriter(driver, "Heron Lake", 2001, GUILD)
    twist = film.word("ending", "the upload's file name")
    await import_copy(driver, GUILD, film.doc(), name=f"heron lake ending explained {twist}.yaml")

    await driver.command("spoiler-rules log", GUILD, STANDARD, MODERATOR)
    assert_promise_kept(driver)


# Spoiler bars typed in full width (an IME in full-width mode turns || into ｜｜), alone or
# mixed with ASCII ones: Discord pairs only ASCII bars and shows these as text.
FULL_WIDTH_BARS = [("｜｜", "｜｜"), ("|｜", "｜|"), ("｜|", "|｜")]
# The same bars as other characters drawn as a vertical line (divides, a click letter, box
# drawing, a broken bar), as one character drawn as two (‖, ∥), or ASCII bars with a character
# drawn as nothing between them: each looks like the bars an author meant, and Discord pairs
# none of them.
LOOK_ALIKE_BARS = [
    ("∣∣", "∣∣"),
    ("ǀǀ", "ǀǀ"),
    ("‖", "‖"),
    ("∥", "∥"),
    ("¦¦", "¦¦"),
    ("│|", "|│"),
    ("|\u200b|", "|\u2060|"),
    ("｜\u200d｜", "||"),
    (">!", "!<"),  # Reddit's spoiler markup, which Discord shows as typed
    (">! ", " !<"),  # spaced inside, as Reddit's editor takes it too
    (">!", "\n!<"),  # over a line
    ("[spoiler]", "[/spoiler]"),  # forum BBCode, which Discord shows as typed too
    ("[Spoiler=Ending]", "[/SPOILER]"),
    ('[SPOILER title="Ending"]', "[/SPOILER]"),
    ("[ispoiler]", "[/ispoiler]"),
]
TYPED_BARS = FULL_WIDTH_BARS + LOOK_ALIKE_BARS


@pytest.mark.parametrize(("opening", "closing"), TYPED_BARS)
async def test_full_width_spoiler_bars_hide_what_the_author_meant_to_hide(
    driver: Driver, tmp_path: Path, opening: str, closing: str
) -> None:
    """An author who hid a twist behind full-width bars in the synopsis, a cast entry and an
    FAQ question marked safe saw it posted in the open: the card showed it to everyone, and
    autocomplete offered the question by its words."""
    doc = await _hidden_in_a_card_and_asked(driver, tmp_path, opening, closing, director=True)
    assert_promise_kept(driver)
    public = dict(public_texts(FilmDoc.model_validate(doc)))
    assert not CANARY.findall(visible_text("\n".join(public.values())))


@pytest.mark.parametrize(("opening", "closing"), TYPED_BARS)
async def test_full_width_spoiler_bars_are_refused_in_titles(
    driver: Driver, tmp_path: Path, opening: str, closing: str
) -> None:
    """A title is shown where Discord cannot hide anything: full-width bars there are refused
    as ASCII ones are, not kept to show the twist in /film list and autocomplete."""
    film = FilmWriter(driver, "Heron Lake", 2001, GUILD)
    doc = film.doc(aliases=[f"HL {opening}{film.word('ending', 'aliases')}{closing}"])
    reply = await driver.upload(GUILD, ADMIN, "heron.yaml", dump(doc))
    assert reply.is_error, reply
    assert "spoiler bars" in (reply.content or ""), reply.content
    await driver.command("film list", GUILD, STANDARD, READER)
    await driver.choices(GUILD, STANDARD, READER, "hl")
    assert_promise_kept(driver)


# An author's spans written inside markdown that pairs bars its own way: links (text and
# address), code, headings, quotes, list items, styles, autolinks, mentions and emoji.
SPANS_IN_MARKDOWN = (
    "[see ||{E}||](https://example.org/a)",
    "[see](https://example.org/||{E}||)",
    "before ||{E} https://x.io/a|| after",
    "before ||https://x.io/{E}|| after",
    "# ||{E}\nmore||",
    "`a`||{E}||`b`",
    "||{E}\n\n{E} still||",
    "> quote ||{E}\n> more||",
    "- item ||{E}\n- next||",
    "1. one ||{E}\n2. two||",
    "-# sub ||{E}\nrest||",
    "x ||y\n>>> {E}||",
    "*||{E}*||",
    "_||{E}_ x||",
    "~~||{E}~~||",
    "**bold ||{E}**||",
    "<https://x.io/||{E}||>",
    "||{E}\\||",
    "a ```\n||{E}||\n``` b",
    "[spoiler]{E}[/spoiler]",
    "||<@123> {E}||",
    "||:smile: {E}||",
)


async def test_spans_inside_markdown_stay_hidden_in_every_public_text(
    driver: Driver, tmp_path: Path
) -> None:
    """Every public text of a film (synopsis, credits, a section at level none, headings, a
    safe FAQ question, a source) with an ending behind bars that markdown around them could
    pair otherwise, read through every member command a standard channel answers."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)

    def spans(where: str, sep: str = "\n\n", tricks: tuple[str, ...] = SPANS_IN_MARKDOWN) -> str:
        return sep.join(t.replace("{E}", film.word("ending", where)) for t in tricks)

    def one_line(where: str, tricks: tuple[str, ...]) -> str:
        return spans(where, " ", tricks).replace("\n", " ")

    doc = film.doc(
        synopsis=f"A birdwatcher returns.\n\n{spans('synopsis')}",
        director=one_line("director", SPANS_IN_MARKDOWN[:2]),
        cast=[one_line("cast", (trick,)) for trick in SPANS_IN_MARKDOWN[:6]],
        sources=[{"id": 1, "author": "A", "title": one_line("source", SPANS_IN_MARKDOWN[2:4])}],
        sections=[
            {"kind": "quick_answer", "level": "ending", "body": film.word("ending", "quick")},
            {  # a recap tells the plot, whatever its level: symbols can be spoiler-free
                "kind": "symbolism",
                "level": "none",
                "heading": one_line("heading", SPANS_IN_MARKDOWN[12:15]),
                "body": spans("symbolism", "\n") + " [^1]",
            },
            {"kind": "themes", "level": "none", "body": spans("themes", " ")},
            {
                "kind": "faq",
                "level": "none",
                "items": [{"heading": one_line("question", SPANS_IN_MARKDOWN[:3]), "body": "No."}],
            },
        ],
    )
    report = await load_global(driver, tmp_path, doc)
    assert report.ok, report.problems

    for view in ("info", "symbolism", "themes", "faq"):
        await ask(driver, view, "Heron Lake", 2001)
    for typed in ("", "see", "before"):
        await driver.choices(GUILD, STANDARD, READER, typed, film=film_option("Heron Lake", 2001))
    for query in ("birdwatcher", "see", "quote", "bold"):
        await driver.command("film search", GUILD, STANDARD, READER, query=query)
    assert_promise_kept(driver)


# Spoiler markup read only since red53: on any HTML element, in other brackets, named by a
# plugin, a template's or Pandoc's. (opening, closing)
MARKUP_READ_SINCE_RED53 = (
    ('<p class="spoiler">', "</p>"),
    ("<span data-spoiler>", "</span>"),
    ("【spoiler】", "【/spoiler】"),
    ("{spoiler}", "{/spoiler}"),
    ("[su_spoiler]", "[/su_spoiler]"),
    ("{% spoiler %}", "{% endspoiler %}"),
    ("[", "]{.spoiler}"),
)
# And since red55: escaped as copied text carries it, and markup that hides until clicked.
MARKUP_READ_SINCE_RED55 = (
    ("&lt;spoiler&gt;", "&lt;/spoiler&gt;"),
    ("&amp;#91;spoiler&amp;#93;", "&amp;#91;/spoiler&amp;#93;"),
    ("%7C%7C", "%7C%7C"),
    ("\\[spoiler\\]", "\\[/spoiler\\]"),
    ("[hide]", "[/hide]"),
    ("[expand=Ending]", "[/expand]"),
    ("$[blur ", "]"),
    ('<div class="mw-collapsible mw-collapsed">', "</div>"),
)


@pytest.mark.parametrize(("opening", "closing"), MARKUP_READ_SINCE_RED53 + MARKUP_READ_SINCE_RED55)
async def test_spoiler_markup_in_other_forms_hides_through_every_command(
    driver: Driver, tmp_path: Path, opening: str, closing: str
) -> None:
    """An author (or an admin's form) hid a twist in the synopsis, a cast entry and an FAQ
    question marked safe with markup the renderer did not read: the card showed it to
    everyone, and autocomplete offered the question by its words. A title holding it is
    refused, as one with bars is."""
    await _hidden_in_a_card_and_asked(driver, tmp_path, opening, closing)
    await driver.command("film search", GUILD, STANDARD, READER, query="birdwatcher")
    assert_promise_kept(driver)

    titled = FilmWriter(driver, "Glass Harbor", 2003, GUILD)
    alias = f"GH {opening}{titled.word('ending', 'aliases')}{closing}"
    reply = await driver.upload(GUILD, ADMIN, "glass.yaml", dump(titled.doc(aliases=[alias])))
    assert reply.is_error and "spoiler bars" in (reply.content or ""), reply


async def _hidden_in_a_card_and_asked(
    driver: Driver, tmp_path: Path, opening: str, closing: str, *, director: bool = False
) -> dict[str, Any]:
    """Heron Lake (2001) loaded with a twist between ``opening`` and ``closing`` in its
    synopsis, a cast entry (and its director) and an FAQ question marked safe; then asked
    about as members do: its card, its FAQ question offered as typed, its FAQ. The content
    file's fields."""
    film = FilmWriter(driver, "Heron Lake", 2001, 0)

    def hidden(where: str) -> str:
        return f"{opening}{film.word('ending', where)}{closing}"

    doc = film.doc(
        synopsis=f"A birdwatcher returns home. {hidden('synopsis')}",
        **({"director": f"Ann Lund {hidden('director')}"} if director else {}),
        cast=[f"Tom Ek {hidden('cast')}"],
        sections=[
            {
                "kind": "faq",
                "level": "ending",
                "items": [
                    {
                        "heading": f"Why does {hidden('faq heading')} leave?",
                        "heading_level": "none",
                        "body": f"Because. {film.word('ending', 'faq body')}",
                    }
                ],
            }
        ],
    )
    await load_global(driver, tmp_path, doc)

    await ask(driver, "info", "Heron Lake", 2001)
    for typed in ("", "why", "leave"):
        await driver.choices(GUILD, STANDARD, READER, typed, film=film_option("Heron Lake", 2001))
    await ask(driver, "faq", "Heron Lake", 2001)
    return doc
