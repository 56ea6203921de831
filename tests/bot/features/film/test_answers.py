"""An answer is acknowledged before it is rendered; the acknowledgement fixes who sees it.

The audience chosen up front (mostly from memory, without the film's text) must be the audience
the rendered answer asks for, for any content, rules and reader: acknowledging publicly an answer
that turns out private would post it to the channel. ``dispatch.complete`` refuses to send such
an answer, and these tests show it never has to.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import yaml

from bot.command_table import ChannelRef, command_table
from bot.content.film_file import parse_film_bytes
from bot.dispatch import CHANGED_MEANWHILE, complete, start_command
from bot.epilogue import Epilogue
from bot.features.film.answers import WARM_FILMS, FilmAnswers
from bot.features.film.documents import Topic, topic_document
from bot.invocation import Invocation
from bot.levels import SectionKind, SpoilerLevel
from bot.replies import Deferred, Reply
from bot.spoiler_policy.policy import ChannelMode, Standing, plan_reply
from tests.support.hypothesis_profiles import scaled

CASES = scaled(2_000)  # random films × rules × readers; the dev profile runs a tenth
FILMS = 40
LEVELS = [level.value for level in SpoilerLevel]
KINDS = [kind.value for kind in SectionKind]
COMMANDS = ["film info", *(f"film {topic.value}" for topic in Topic)]


def text(rnd: random.Random) -> str:
    words = " ".join(rnd.choice(["quiet", "harbour", "lantern", "reel"]) for _ in range(6))
    return f"{words} ||a twist||." if rnd.random() < 0.2 else f"{words}."


def film_data(rnd: random.Random, number: int) -> dict[str, Any]:
    """A film with a random mix of sections, levels, headings, inline spans and FAQ items."""
    sections = []
    for kind in rnd.sample(KINDS, rnd.randint(1, len(KINDS))):
        # No level below what the kind tells (a recap at none is refused as content is).
        least = SectionKind(kind).least_level.rank
        levels = [level for level in LEVELS if SpoilerLevel(level).rank >= least]
        section: dict[str, Any] = {"kind": kind, "level": rnd.choice(levels)}
        if rnd.random() < 0.3:
            section["heading"] = f"Heading {number}"
            section["heading_level"] = rnd.choice(LEVELS)
        if kind == SectionKind.FAQ.value or rnd.random() < 0.3:
            section["items"] = [
                {
                    "heading": f"Question {i}?",
                    "heading_level": rnd.choice(LEVELS),
                    "level": rnd.choice(levels),
                    "body": text(rnd),
                }
                for i in range(rnd.randint(1, 4))
            ]
        if "items" not in section or rnd.random() < 0.5:
            section["body"] = text(rnd)
        sections.append(section)
    return {
        "title": f"Deferral Film {number}",
        "year": 2000 + number,
        "synopsis": text(rnd),
        "sections": sections,
    }


async def store(app: Epilogue, film: dict[str, Any]) -> None:
    """Store (or replace) one film from its content-file fields, and refresh the catalog."""
    name = f"{film['title']}.yaml"
    await app.loader.store([parse_film_bytes(yaml.safe_dump(film).encode(), name)])
    await app.catalog.refresh()


class FixedStandings:
    """Stands in for ``app.standings``: every reader and film get the case's standing."""

    def __init__(self) -> None:
        self.current = Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False)

    async def of(self, invocation: Invocation, film_id: int) -> Standing:
        return self.current

    async def of_many(self, invocation: Invocation, film_ids: list[int]) -> dict[int, Standing]:
        return dict.fromkeys(film_ids, self.current)

    async def rules(self, guild_id: int) -> Any:
        from bot.spoiler_policy.stored_rules import GuildRules

        return GuildRules(guild_id)

    def forget_all(self) -> None:
        """What the change feed calls when the process may have missed a change (PostgreSQL's
        listener lost, or closed as the app stops): nothing is kept here to forget."""

    def forget_guild(self, guild_id: int) -> None:
        """As ``forget_all``, for one server's rules."""


def random_standing(rnd: random.Random) -> Standing:
    in_guild = rnd.random() < 0.85
    return Standing(
        in_guild=in_guild,
        mode=rnd.choice(list(ChannelMode)) if in_guild else ChannelMode.STANDARD,
        opted_in=rnd.random() < 0.4,
        embargo_until=dt.date(2099, 1, 1) if in_guild and rnd.random() < 0.25 else None,
    )


async def test_the_acknowledged_audience_is_always_the_answers(app: Epilogue) -> None:
    rnd = random.Random(20261122)
    files = [
        parse_film_bytes(yaml.safe_dump(film_data(rnd, n)).encode(), f"film{n}.yaml")
        for n in range(FILMS)
    ]
    await app.loader.store(files)
    await app.catalog.refresh()
    films = {entry.title: entry for entry in app.catalog.films(None)}
    standings = FixedStandings()
    app.standings = standings  # type: ignore[assignment]
    table = command_table()
    seen: dict[tuple[str, bool], int] = {}
    ready = 0
    for case in range(CASES):
        standings.current = random_standing(rnd)
        entry = films[f"Deferral Film {rnd.randrange(FILMS)}"]
        name = rnd.choice(COMMANDS)
        options: dict[str, Any] = {"film": entry.choice_value}
        if rnd.random() < 0.3:
            options["private"] = True
        if name == "film faq" and rnd.random() < 0.6:
            options["question"] = str(rnd.randint(1, 5))
        guild = 1 if standings.current.in_guild else None
        invocation = Invocation(user_id=case + 1, guild_id=guild, channel_id=guild and 10)
        outcome = await start_command(app, table[name], invocation, options)
        if isinstance(outcome, Reply) and outcome.is_error:
            # Refused before any acknowledgement: a private error.
            assert outcome.ephemeral, outcome
            continue
        if isinstance(outcome, Reply):
            # Asked before and rendered already: the answer itself, with no acknowledgement
            # to agree with; its audience is checked against its text's plan below.
            reply = outcome
        else:
            reply = await complete(outcome)
            assert CHANGED_MEANWHILE not in (reply.content or ""), (case, name, options)
            assert reply.ephemeral == outcome.ephemeral
        if reply.embeds:  # an answer, not "has no … yet": the plan its own text asks for
            async with app.sessions() as session:
                stored = await app.film.load(session, entry)
            if name == "film info":
                has_spoilers = "||" in stored.synopsis
            else:
                topic = Topic(name.split()[1])
                question = int(options["question"]) - 1 if "question" in options else None
                has_spoilers = topic_document(stored, topic, question).has_spoilers
            plan = plan_reply(
                standings.current,
                private_requested=bool(options.get("private")),
                has_spoilers=has_spoilers,
            )
            assert reply.ephemeral == plan.private, (case, name, options, standings.current)
        key = (name, reply.ephemeral)
        seen[key] = seen.get(key, 0) + 1
        ready += isinstance(outcome, Reply)
    # The cases reached every command, acknowledged both ways.
    assert {name for name, _ in seen} == set(COMMANDS)
    assert {private for _, private in seen} == {True, False}
    assert ready, "no repeated question was answered from its rendered pages"


async def test_an_answer_shows_the_text_its_audience_was_chosen_for(app: Epilogue) -> None:
    """The film gains a spoiler between the acknowledgement and the rendering, for a reader
    who opted in: the public answer shows the spoiler-free text it was acknowledged for."""
    plain = {
        "title": "Shifting Film",
        "year": 2020,
        "synopsis": "Someone wants something.",
        "sections": [{"kind": "themes", "level": "none", "body": "Nothing secret at all."}],
    }
    await store(app, plain)
    standings = FixedStandings()
    standings.current = Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=True)
    app.standings = standings  # type: ignore[assignment]
    invocation = Invocation(user_id=1, guild_id=1, channel_id=10)
    outcome = await start_command(
        app, command_table()["film themes"], invocation, {"film": "Shifting Film"}
    )
    assert isinstance(outcome, Deferred) and not outcome.ephemeral

    plain["sections"][0] |= {"level": "ending", "body": "The SECRETWORD was real."}  # type: ignore[index]
    await store(app, plain)
    reply = await complete(outcome)

    assert not reply.ephemeral
    assert "Nothing secret at all." in repr(reply) and "SECRETWORD" not in repr(reply)


async def test_an_answer_that_turns_private_after_a_public_acknowledgement_is_not_sent() -> None:
    async def unwrapped() -> Reply:
        return Reply(content="UNWRAPPED ending for the asker only", ephemeral=True)

    reply = await complete(Deferred(False, unwrapped))

    assert not reply.ephemeral
    assert reply.content == f"⚠️ {CHANGED_MEANWHILE}"


async def test_an_error_after_the_acknowledgement_goes_where_the_acknowledgement_went() -> None:
    from bot.errors import NotFound

    async def gone() -> Reply:
        raise NotFound("That film is no longer available.")

    public = await complete(Deferred(False, gone))
    private = await complete(Deferred(True, gone))
    assert not public.ephemeral and private.ephemeral
    assert public.content == private.content == "⚠️ That film is no longer available."


async def test_a_public_answer_acknowledged_privately_stays_private() -> None:
    async def public() -> Reply:
        return Reply(content="wrapped answer", ephemeral=False)

    assert (await complete(Deferred(True, public))).ephemeral


async def test_a_missing_section_is_a_private_error_before_any_acknowledgement(
    app: Epilogue,
) -> None:
    """The catalog knows which sections each film has, so this needs no acknowledgement."""
    film = {
        "title": "Sparse Film",
        "year": 2021,
        "synopsis": "Someone wants something.",
        "sections": [{"kind": "themes", "level": "none", "body": "Time."}],
    }
    await store(app, film)
    entry = app.catalog.resolve(None, "Sparse Film")
    assert entry is not None and entry.kinds == {"themes"}
    invocation = Invocation(user_id=1, guild_id=1, channel_id=10)
    table = command_table()

    missing = await start_command(app, table["film symbolism"], invocation, {"film": "Sparse Film"})
    present = await start_command(app, table["film themes"], invocation, {"film": "Sparse Film"})

    assert isinstance(missing, Reply) and missing.ephemeral
    assert missing.content == (
        "⚠️ Sparse Film \\(2021\\) has no symbolism yet. Explained so far: `/film themes`."
    )
    assert isinstance(present, Deferred) and not present.ephemeral

    film["sections"].append({"kind": "symbolism", "level": "plot", "body": "A red coat."})  # type: ignore[attr-defined]
    await store(app, film)
    added = await start_command(app, table["film symbolism"], invocation, {"film": "Sparse Film"})
    assert isinstance(added, Deferred)


async def test_answers_rendered_ahead_are_the_answers_each_reader_would_get(
    app: Epilogue,
) -> None:
    """Answers worked out when the bot starts (``warm``) are ready at the first ask, and are
    exactly what the reader would get rendered then; readers of other rules get their own."""
    rnd = random.Random(20261205)
    for number in range(WARM_FILMS + 6):
        await store(app, film_data(rnd, number))
    warmed = app.film.to_warm()
    newest = sorted(app.catalog.films(None), key=lambda entry: entry.year)[-WARM_FILMS:]
    topic_kinds = {kind.value for topic in Topic for kind in topic.kinds}
    assert {entry.year for entry, _ in warmed} == {
        entry.year for entry in newest if entry.kinds & topic_kinds
    }
    for entry, topic in warmed:
        await app.film.warm(entry, topic)
    standings = FixedStandings()
    app.standings = standings  # type: ignore[assignment]
    table = command_table()
    readers = [
        Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False),
        Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=True),
        Standing(in_guild=True, mode=ChannelMode.SPOILERS, opted_in=False),
        Standing(in_guild=True, mode=ChannelMode.NO_SPOILERS, opted_in=False),
        Standing(
            in_guild=True, mode=ChannelMode.STANDARD, opted_in=False, embargo_until=dt.date.max
        ),
    ]
    ready = 0
    for number, standing in enumerate(readers):
        standings.current = standing
        for entry, topic in warmed:
            invocation = Invocation(user_id=number + 1, guild_id=1, channel_id=10)
            options = {"film": entry.choice_value}
            outcome = await start_command(app, table[f"film {topic.value}"], invocation, options)
            if standing.embargo_until is None and standing.mode is not ChannelMode.NO_SPOILERS:
                assert isinstance(outcome, Reply), (standing, topic)  # rendered ahead
            reply = outcome if isinstance(outcome, Reply) else await complete(outcome)
            ready += isinstance(outcome, Reply)
            warm = app.film
            app.film = FilmAnswers(app)  # nothing rendered ahead: as asked without warming
            try:
                fresh = await start_command(app, table[f"film {topic.value}"], invocation, options)
                expected = fresh if isinstance(fresh, Reply) else await complete(fresh)
            finally:
                app.film = warm
            assert reply == expected, (standing, entry.title, topic)
    assert ready >= 3 * len(warmed)


async def test_a_kept_first_page_is_what_each_asker_would_get_fresh_under_todays_rules(
    app: Epilogue,
) -> None:
    """A repeated answer's first page is kept as a reply (per text and plan) and only its
    asker filled in: it equals a freshly rendered answer for every asker, rule and content
    revision, names each asker in its button ids, and a rule or content change is never
    answered with what was kept before it."""
    long_ending = "The SECRETWORD is real. " + " ".join(["The harbour lantern burns."] * 400)
    film = {
        "title": "Kept Film",
        "year": 2021,
        "synopsis": "Someone wants something.",
        "sections": [{"kind": "ending", "level": "ending", "body": long_ending}],
    }
    await store(app, film)
    standings = FixedStandings()
    app.standings = standings  # type: ignore[assignment]
    spec = command_table()["film ending"]
    wrapped = Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False)
    spoilers = Standing(in_guild=True, mode=ChannelMode.SPOILERS, opted_in=False)
    closed = Standing(in_guild=True, mode=ChannelMode.NO_SPOILERS, opted_in=False)

    async def ask(user_id: int, fresh: bool = False) -> Reply:
        invocation = Invocation(user_id=user_id, guild_id=1, channel_id=10)
        options = {"film": "Kept Film"}
        kept = app.film
        if fresh:
            app.film = FilmAnswers(app)
        try:
            outcome = await start_command(app, spec, invocation, options)
            return outcome if isinstance(outcome, Reply) else await complete(outcome)
        finally:
            app.film = kept

    def ids(reply: Reply) -> list[str]:
        return [button.custom_id for row in reply.rows for button in row]

    seen: list[Reply] = []
    for round_, standing in enumerate([wrapped, spoilers, wrapped, closed, spoilers, wrapped]):
        standings.current = standing
        for user_id in (11, 12, 11):
            reply = await ask(user_id)
            assert reply == await ask(user_id, fresh=True), (round_, standing, user_id)
            assert all(custom_id.endswith(f":{user_id}") for custom_id in ids(reply))
            seen.append(reply)
        page = seen[-1].embeds[0].description or ""
        if standing is wrapped:
            assert not seen[-1].ephemeral and page.startswith("||The SECRETWORD is real.")
            assert any(":reveal:" in custom_id for custom_id in ids(seen[-1]))
        elif standing is spoilers:
            assert not seen[-1].ephemeral and page.startswith("The SECRETWORD is real.")
        else:  # a no-spoilers channel: sent to the asker only
            assert seen[-1].ephemeral
    # A content change: the next answer shows the new revision, never the kept one.
    film["sections"][0]["body"] = long_ending.replace("SECRETWORD", "NEWWORD")  # type: ignore[index]
    await store(app, film)
    standings.current = wrapped
    reply = await ask(11)
    assert "NEWWORD" in repr(reply) and "SECRETWORD" not in repr(reply)
    assert reply == await ask(11, fresh=True)
    assert set(ids(reply)).isdisjoint(ids(seen[0]))  # another revision in every id


ENDING_WORDS = "married to another man"
"""From La La Land's quick answer and ending (ending level)."""


@pytest.mark.parametrize("topic", ["quick", "ending", "faq"])
@pytest.mark.parametrize(
    "change",
    [
        ("spoiler-rules channel", {"channel": ChannelRef(10, 1), "mode": "no-spoilers"}),
        ("spoiler-rules default", {"mode": "no-spoilers"}),
        ("spoiler-rules embargo", {"film": "La La Land", "until": "2031-01-01"}),
    ],
    ids=["channel", "default", "embargo"],
)
async def test_rules_changed_while_an_answer_renders_hold_for_it(
    app: Epilogue, topic: str, change: tuple[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A moderator makes the channel no-spoilers (or embargoes the film) after a member asked
    in public and before the answer is rendered: it is not posted there, not even wrapped.
    The rules of the moment it is sent decide, as for a page turned later."""
    if topic == "ending":
        # Its pages were stored with the film: read at once, it is the reply itself (no moment
        # between its audience and its render). Where that read must wait (the async engine,
        # a lock), the answer is deferred, and that moment is this test's.
        monkeypatch.setattr(app.reads, "at_once", _read_later)
        monkeypatch.setattr(app.reads, "row_at_once", _read_later)
    now = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)
    asker = Invocation(user_id=7, guild_id=1, channel_id=10, now=now)
    table = command_table()
    outcome = await start_command(app, table[f"film {topic}"], asker, {"film": "La La Land"})
    assert isinstance(outcome, Deferred) and not outcome.ephemeral

    mod = Invocation(
        user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"}), now=now
    )
    name, options = change
    changed = await start_command(app, table[name], mod, options)
    assert isinstance(changed, Reply) and not changed.is_error, changed
    reply = await complete(outcome)

    assert not reply.ephemeral
    assert ENDING_WORDS not in repr(reply).replace("\\", "")
    assert "||" not in repr(reply)


def _read_later(*read: Any) -> Any:
    from bot.db.reads import ReadLater

    raise ReadLater


class RulesChangeAfterFirstRead:
    """``app.standings``, with a moderator's change landing right after the first standing is
    read: the moment between deciding an answer's audience and rendering it."""

    def __init__(self, real: Any, change: Any) -> None:
        self._real, self._change = real, change

    async def of(self, invocation: Invocation, work: str) -> Standing:
        standing = await self._real.of(invocation, work)
        if self._change is not None:
            change, self._change = self._change, None
            await change()
        return standing

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


async def test_a_page_turned_as_the_channel_goes_no_spoilers_shows_no_spoiler(
    app: Epilogue,
) -> None:
    """A page turn is planned from the rules when pressed, then rendered: a channel made
    no-spoilers in between withholds the page's spoilers, as a press after the change would."""
    from bot.features.film.render import AnswerButtons
    from bot.spoiler_policy.markup import Treatment

    now = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)
    asker = Invocation(user_id=7, guild_id=1, channel_id=10, now=now)
    mod = Invocation(
        user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"}), now=now
    )
    entry = app.catalog.resolve(1, "La La Land")
    assert entry is not None
    page = AnswerButtons(entry.key, entry.revision, "ending", None, Treatment.WRAP, 7).page(0)

    async def no_spoilers() -> None:
        options = {"channel": ChannelRef(10, 1), "mode": "no-spoilers"}
        await start_command(app, command_table()["spoiler-rules channel"], mod, options)

    app.standings = RulesChangeAfterFirstRead(app.standings, no_spoilers)  # type: ignore[assignment]
    reply = await app.press(asker, page, on_private_message=False)

    assert not reply.ephemeral and not reply.is_error
    assert ENDING_WORDS not in repr(reply).replace("\\", "") and "||" not in repr(reply)


async def test_a_film_card_follows_the_rules_in_force_when_it_is_rendered(app: Epilogue) -> None:
    """``/film info``'s card with an author's inline spoiler: the channel goes no-spoilers
    between the acknowledgement and the rendering, so the card is not posted there wrapped."""
    await store(
        app,
        {
            "title": "Card Film",
            "year": 2020,
            "synopsis": "Someone wants something, ||and SECRETWORD gets it||.",
            "sections": [{"kind": "themes", "level": "none", "body": "Time."}],
        },
    )
    asker = Invocation(user_id=7, guild_id=1, channel_id=10)
    mod = Invocation(
        user_id=5, guild_id=1, channel_id=10, permissions=frozenset({"manage_messages"})
    )
    table = command_table()
    outcome = await start_command(app, table["film info"], asker, {"film": "Card Film"})
    assert isinstance(outcome, Deferred) and not outcome.ephemeral

    options = {"channel": ChannelRef(10, 1), "mode": "no-spoilers"}
    assert not (await start_command(app, table["spoiler-rules channel"], mod, options)).is_error  # type: ignore[union-attr]
    reply = await complete(outcome)

    assert not reply.ephemeral and "SECRETWORD" not in repr(reply)


@pytest.mark.parametrize(
    ("topic", "question", "line"),
    [
        ("ending", None, "/film ending film:La La Land"),
        ("faq", 2, "/film faq film:La La Land question:3"),  # the button counts from 0
    ],
)
async def test_another_members_page_turn_is_told_the_command_to_run_for_their_own(
    app: Epilogue, topic: str, question: int | None, line: str
) -> None:
    """Was "This isn't your menu: run the command yourself to page it.", leaving the member
    to work out which command, film and question the answer above was."""
    from bot.features.film.render import AnswerButtons
    from bot.spoiler_policy.markup import Treatment

    entry = app.catalog.resolve(1, "La La Land")
    assert entry is not None
    page = AnswerButtons(entry.key, entry.revision, topic, question, Treatment.WRAP, 7).page(1)
    other = Invocation(user_id=8, guild_id=1, channel_id=10)

    refused = await app.press(other, page, on_private_message=False)

    assert refused.is_error and refused.ephemeral
    assert "isn't your menu" in refused.content and line in refused.content, refused.content
