"""The automatic guard in the core: what it hides, what it leaves alone, and undo."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.command_table import ChannelRef, command_table, message_commands
from bot.console import Seat, execute
from bot.dispatch import run_command
from bot.epilogue import Epilogue
from bot.features.spoiler.follow_ups import KEPT
from bot.features.spoiler.guard import (
    LEARNED,
    NEUTRAL_NICK,
    ChannelStatus,
    MemberName,
    ServerEvent,
    ThreadTitle,
    Verdict,
)
from bot.features.spoiler.member_message import (
    FileRef,
    LinkPreview,
    MemberMessage,
    PollText,
    StickerRef,
)
from bot.features.spoiler.memory_channel import MemoryChannel
from bot.features.spoiler.repost_text import NAME_WITHHELD
from bot.features.spoiler.vocabulary_build import build
from bot.features.spoiler.words import stem
from bot.replies import Reply
from tests.bot.features.spoiler.test_member_spoilers import (
    AUTHOR,
    BOT_CAN,
    GUILD,
    MOD,
    message,
    seat,
)
from tests.support.discord_markdown import hidden_text, visible_text
from tests.support.fake_time import FakeTime

SPOILS = "la la land: mia marries someone else and they meet again in seb's jazz club"
HARMLESS = "la la land has the best soundtrack, the opening number on the freeway rules"


async def run(app: Epilogue, name: str, **options: Any) -> Reply:
    return await run_command(app, command_table()[name], seat(MOD, mod=True), options)


async def guard_on(app: Epilogue, *, all_films: bool = False) -> None:
    reply = await run(app, "spoiler-rules guard", enabled=True, all_films=all_films)
    assert not reply.is_error, reply


# Tests of the guard's reading (spellings, markup, what a message shows), not of where its
# hides are kept: one database is enough, and SQLite's start is the cheaper. Tests that keep
# or read the guard's state (hides, follow-ups, paces, renames, two processes) run on both.
READ_ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

_MESSAGE_IDS = itertools.count(10_000)


async def check(
    app: Epilogue,
    text: str,
    channel: MemoryChannel | None = None,
    *,
    edit: bool = False,
    **kw: Any,
) -> Verdict:
    """A new message (its own id: the same message again is not hidden twice) to the guard, its
    arrival noted first as an adapter notes it; an ``edit`` of one as it is now."""
    kw.setdefault("id", next(_MESSAGE_IDS))
    read = message(text, **kw)
    if not edit:
        arrive(app, read)
    return await app.member_spoilers.guard.check(read, channel or MemoryChannel(), BOT_CAN)


def arrive(app: Epilogue, read: MemberMessage) -> None:
    app.member_spoilers.guard.follow_ups.arrived(
        read.guild_id, read.channel_id, read.author_id, read.id
    )


def test_stems_meet_across_inflections() -> None:
    assert stem("marries") == stem("married") == stem("marry")
    assert stem("clubs") == stem("club")


def test_vocabulary_keeps_only_what_the_ending_alone_says() -> None:
    vocabulary = build(
        ending=["Mia marries Greg; Sebastian owns the jazz club."],
        other=["Mia and Sebastian meet at a party. Sebastian loves jazz."],
        names=["La La Land"],
    )

    assert stem("marries") in vocabulary.singles and stem("club") in vocabulary.singles
    assert stem("Sebastian") not in vocabulary.singles and stem("jazz") not in vocabulary.singles
    assert vocabulary.matches("she marries greg!")
    assert not vocabulary.matches("Sebastian loves jazz")


async def test_off_by_default(app: Epilogue) -> None:
    verdict = await check(app, SPOILS)

    assert not verdict.hidden and "off" in verdict.reason


async def test_embargoed_film_ending_is_hidden(app: Epilogue) -> None:
    await guard_on(app)
    await run(app, "spoiler-rules embargo", film="La La Land", until="2031-01-01")
    channel = MemoryChannel()

    verdict = await check(app, SPOILS, channel, id=555)

    assert verdict.hidden and verdict.film is not None and verdict.terms
    ((_, repost),) = channel.reposts
    assert "marries" not in visible_text(repost.content)
    assert "marries" in hidden_text(repost.content)
    assert channel.deleted == [555]
    ((told, note),) = channel.told
    assert told == AUTHOR and "guard" in (note.content or "")


async def test_without_embargo_only_all_films_mode_guards(app: Epilogue) -> None:
    await guard_on(app)
    assert not (await check(app, SPOILS)).hidden

    await guard_on(app, all_films=True)
    assert (await check(app, SPOILS)).hidden


async def test_a_misspelt_title_is_guarded_and_a_question_is_not_hidden(app: Epilogue) -> None:
    await guard_on(app, all_films=True)

    assert (await check(app, SPOILS.replace("la la land", "lala lnad"))).hidden
    assert (await check(app, SPOILS.replace("la la land", "LLL"))).hidden
    asking = await check(app, "who does mia end up marrying in la la land? no spoilers pls")
    assert not asking.hidden and asking.film is not None


async def test_an_ending_told_in_other_words_is_hidden_by_the_learned_reading(
    app: Epilogue,
) -> None:
    """The rules find no word of La La Land's ending vocabulary in it; the learned reading
    sees an ending told ("ends up with", "alone") and the guard hides it."""
    await guard_on(app)
    await run(app, "spoiler-rules embargo", film="La La Land", until="2031-01-01")
    told = "so in la la land mia just ends up with some random dude and seb is alone at his bar"
    channel = MemoryChannel()

    verdict = await check(app, told, channel)

    assert verdict.hidden and verdict.terms == (LEARNED,)
    ((_, repost),) = channel.reposts
    assert "random dude" in hidden_text(repost.content)
    assert not (await check(app, "the la la land ending made me cry, no spoilers but wow")).hidden


async def test_what_the_guard_leaves_alone(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    await run(app, "spoiler-rules channel", channel=ChannelRef(30, GUILD), mode="spoilers")
    await run(app, "spoiler-rules guard-channel", channel=ChannelRef(40, GUILD), enabled=False)

    assert not (await check(app, HARMLESS)).hidden
    assert not (await check(app, SPOILS, channel_id=30)).hidden
    assert not (await check(app, SPOILS, channel_id=40)).hidden
    assert not (await check(app, SPOILS, webhook_id=9, own_repost=True)).hidden
    assert not (await check(app, f"la la land ||{SPOILS}||")).hidden
    # Naming no film, by a member who has not just named one (``follow_ups``).
    assert not (
        await check(app, SPOILS.replace("la la land:", "that film:"), author_id=AUTHOR + 1)
    ).hidden

    opted = await run_command(
        app, command_table()["spoiler guard-me"], seat(AUTHOR), {"enabled": False}
    )
    assert not opted.is_error
    assert not (await check(app, SPOILS)).hidden


UNTITLED = SPOILS.replace("la la land: ", "")
# How a Discord stand-in may number messages: Discord's snowflakes, a counter from 1 (every id
# a moment after Discord's epoch), or random ids (in no order).
ID_SCHEMES = {
    "snowflakes": lambda n: (1_700_000_000_000 + n * 60_000) << 22,
    "a counter": lambda n: n + 1,
    "random ids": lambda n: (
        10**17,
        9 * 10**17,
        3 * 10**17,
        7 * 10**17,
        5 * 10**17,
        2 * 10**17,
        8 * 10**17,
    )[n],
}


@pytest.mark.parametrize("ids", ID_SCHEMES.values(), ids=ID_SCHEMES.keys())
async def test_a_follow_up_is_told_by_when_and_in_which_order_the_messages_arrived(
    app: Epilogue, ids: Callable[[int], int]
) -> None:
    """Not by the messages' ids: with a counter's every later message would be a follow-up
    forever, with random ones order and time would be noise."""
    await guard_on(app, all_films=True)
    fake = FakeTime()
    app.member_spoilers.guard._clock = fake.clock  # type: ignore[method-assign]
    await check(app, "just watched la la land, wow", id=ids(0))

    # The same member's next message, a minute later, in the same channel: readers see it
    # under the one naming the film.
    fake.now += 60
    follow_up = await check(app, UNTITLED, id=ids(1))
    assert follow_up.hidden and follow_up.film is not None
    assert follow_up.film.title == "La La Land"
    # Another member's, another channel's: no follow-up.
    assert not (await check(app, UNTITLED, author_id=AUTHOR + 1)).hidden
    assert not (await check(app, UNTITLED, channel_id=11)).hidden
    # One long after: a new topic, however close its id.
    fake.now += 121
    assert not (await check(app, UNTITLED, id=ids(2))).hidden
    # An edit of a message sent just before the film was named is read under it, as readers
    # see it (the ending edited in above the title; red69: it was left open).
    await check(app, "back from the cinema", id=ids(3))
    await check(app, "la la land next, then", id=ids(4))
    assert (await check(app, UNTITLED, id=ids(3), edit=True)).hidden
    # Not one sent long before it (nor long after the one before).
    fake.now += 121
    await check(app, "back from the cinema", id=ids(5))
    fake.now += 121
    await check(app, "la la land next, then", id=ids(6))
    assert not (await check(app, UNTITLED, id=ids(5), edit=True)).hidden
    # Nor does one whose arrival the bot never saw (sent before it started).
    assert not (await check(app, UNTITLED, edit=True)).hidden


ENDING = "mia marries someone else"
SHOWN_BESIDES_TEXT = {
    "a poll's question": {
        "poll": PollText(f"{ENDING} in the end. best twist ever?", (("yes", 2),))
    },
    "a poll's answer": {"poll": PollText("best moment?", ((ENDING, 0), ("the freeway", 1)))},
    "a sticker's name": {"stickers": (StickerRef(ENDING, "u"),)},
    "a file's name": {"files": (FileRef(f"SPOILER_{ENDING.replace(' ', '_')}.png", "u"),)},
    "a file's title": {"files": (FileRef("a.png", "u", title=ENDING),)},
    "a file's alt text": {"files": (FileRef("a.png", "u", description=ENDING),)},
}


@pytest.mark.parametrize("shows", SHOWN_BESIDES_TEXT.values(), ids=SHOWN_BESIDES_TEXT.keys())
@pytest.mark.parametrize(
    "place",
    [{"where_name": "la-la-land", "parent_channel_id": 5}, {"origin_names": ("la-la-land",)}],
    ids=["in a thread named after the film", "forwarded from a channel named after it"],
)
@READ_ON_SQLITE
async def test_an_ending_a_message_shows_besides_its_text_is_read_where_the_film_is_named(
    app: Epilogue, shows: dict[str, Any], place: dict[str, Any]
) -> None:
    """No film named in the message itself: its thread's name, or the channel a forward came
    from, names it; the ending is in what it shows besides its text."""
    await guard_on(app, all_films=True)

    assert (await check(app, "", **shows, **place)).hidden


# A member's message naming the film in its own words, however it shows it.
NAMINGS = {
    "text": {"text": "(la la land btw)"},
    "a poll": {"text": "", "poll": PollText("rate it", (("la la land 10/10", 0),))},
    "a file's name": {"text": "lol", "files": (FileRef("la_la_land_poster.png", "u"),)},
    "a sticker": {"text": "", "stickers": (StickerRef("La La Land", "u"),)},
}


@pytest.mark.parametrize("naming", NAMINGS.values(), ids=NAMINGS.keys())
@pytest.mark.parametrize("ids", ID_SCHEMES.values(), ids=ID_SCHEMES.keys())
async def test_an_ending_its_author_names_the_film_of_right_after_is_hidden(
    app: Epilogue, ids: Callable[[int], int], naming: dict[str, Any]
) -> None:
    """The ending first, the title right after ("mia marries someone else…" then "(la la
    land btw)"): readers see the two together, one under the other. The first named no film
    when it was read, and stayed in the open for good; it is read again once its author names
    one there, and hidden, once."""
    await guard_on(app, all_films=True)
    fake = FakeTime()
    app.member_spoilers.guard._clock = fake.clock  # type: ignore[method-assign]
    told, harmless, elsewhere = MemoryChannel(), MemoryChannel(), MemoryChannel()
    assert not (await check(app, UNTITLED, told, id=ids(0))).hidden
    assert not (await check(app, "what a night", harmless, id=ids(1))).hidden
    # Another member's ending, another channel's: the title is not shown under them.
    assert not (await check(app, UNTITLED, elsewhere, author_id=AUTHOR + 1)).hidden
    assert not (await check(app, UNTITLED, elsewhere, channel_id=11)).hidden
    fake.now += 60

    kw = dict(naming)
    await check(app, kw.pop("text"), id=ids(2), **kw)

    assert told.deleted == [ids(0)] and harmless.deleted == [] and elsewhere.deleted == []
    ((_, repost),) = told.reposts
    assert "marries" in hidden_text(repost.content)
    assert "marries" not in visible_text(repost.content)
    # Named again: nothing is read twice.
    await check(app, "la la land again", id=ids(3))
    assert len(told.reposts) == 1


# An ending a member tells across two messages, each alone telling none of it in the open.
SPLIT = {
    "the question, then the film": ("you know who mia marries", "in la la land? not seb lol"),
    "the title cut in two": ("la la", "land: mia marries someone else, meets seb in his club"),
    "the title cut, the ending first": ("you know who mia marries in la", "la land? not seb lol"),
}


@pytest.mark.parametrize(("first", "second"), SPLIT.values(), ids=SPLIT.keys())
async def test_an_ending_told_across_a_members_two_messages_is_hidden(
    app: Epilogue, first: str, second: str
) -> None:
    """Readers see a member's two messages one under the other: an ending the two tell
    together (as the whole sentence would) was left in the open, each read alone."""
    await guard_on(app, all_films=True)
    fake = FakeTime()
    app.member_spoilers.guard._clock = fake.clock  # type: ignore[method-assign]
    assert (await check(app, f"{first} {second}")).hidden  # told in one message
    fake.now += 500
    channel = MemoryChannel()

    await check(app, first, channel)
    fake.now += 20
    await check(app, second, channel)

    assert channel.deleted, "neither message was hidden"
    assert all("marries" in hidden_text(repost.content) for _, repost in channel.reposts)
    assert not any("marries" in visible_text(repost.content) for _, repost in channel.reposts)


async def test_messages_read_together_hide_nothing_harmless_or_hidden_already(
    app: Epilogue,
) -> None:
    """Read together, harmless messages stay, and an ending already hidden (no longer shown
    above the next message) does not take the next one with it; another member's message is
    not shown as its author's follow-up."""
    await guard_on(app, all_films=True)
    fake = FakeTime()
    app.member_spoilers.guard._clock = fake.clock  # type: ignore[method-assign]
    channel = MemoryChannel()
    await check(app, "la la land tonight", channel)
    await check(app, "the freeway number is the best", channel)
    hidden = await check(app, SPOILS, channel)
    await check(app, "anyway, what a film", channel)
    fake.now += 500
    first, second = SPLIT["the question, then the film"]
    await check(app, first, channel)
    await check(app, second, channel, author_id=AUTHOR + 1)

    assert hidden.hidden and len(channel.deleted) == 1


async def test_an_ending_long_before_its_author_names_the_film_is_not_read_again(
    app: Epilogue,
) -> None:
    """A new topic: past two minutes the title is not read as under the ending."""
    await guard_on(app, all_films=True)
    fake = FakeTime()
    app.member_spoilers.guard._clock = fake.clock  # type: ignore[method-assign]
    told = MemoryChannel()
    await check(app, UNTITLED, told)
    fake.now += 121

    await check(app, "la la land tonight?")

    assert told.deleted == [] and told.reposts == []


@pytest.mark.parametrize("ids", ID_SCHEMES.values(), ids=ID_SCHEMES.keys())
async def test_a_follow_up_waits_for_the_message_before_it_to_be_read(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch, ids: Callable[[int], int]
) -> None:
    """The message naming the film is still being read (the guard awaits its settings, the
    adapter a file's preview) when the next one is: the next one waits for it, not leaving the
    ending in the open."""
    await guard_on(app, all_films=True)
    guard = app.member_spoilers.guard
    named = message("just watched la la land, wow", id=ids(0))
    follow_up = message(UNTITLED, id=ids(1))
    arrive(app, named)
    arrive(app, follow_up)  # Discord delivered both before the first was read
    where = guard._where
    naming_held, release = asyncio.Event(), asyncio.Event()

    async def held_where(*args: Any, **kw: Any) -> Any:
        if not naming_held.is_set():  # the naming message's: held until the next one is read
            naming_held.set()
            await release.wait()
            return await where(*args, **kw)
        looked = await where(*args, **kw)
        release.set()  # the naming message goes on once the follow-up has to know its films
        return looked

    monkeypatch.setattr(guard, "_where", held_where)
    reading = asyncio.create_task(guard.check(named, MemoryChannel(), BOT_CAN))
    await naming_held.wait()
    channel = MemoryChannel()

    verdict = await guard.check(follow_up, channel, BOT_CAN)

    assert not (await reading).hidden
    assert verdict.hidden and verdict.film is not None and verdict.film.title == "La La Land"
    assert channel.deleted == [follow_up.id]


async def test_a_follow_up_waits_no_longer_for_a_message_never_read(app: Epilogue) -> None:
    """An earlier message the adapter gave up on (and never settled) holds the next one at
    most ``WAIT_S``: it is read with what is known."""
    await guard_on(app, all_films=True)
    guard = app.member_spoilers.guard
    guard.follow_ups._wait_s = 0
    lost = message("la la land", id=1)
    arrive(app, lost)

    await check(app, "just watched la la land, wow", id=2)

    assert (await check(app, UNTITLED, id=3)).hidden


async def test_missing_permissions_leave_the_message(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    channel = MemoryChannel()

    verdict = await app.member_spoilers.guard.check(
        message(SPOILS), channel, frozenset({"manage_messages"})
    )

    assert not verdict.hidden and channel.reposts == [] and channel.deleted == []


async def test_moderator_undoes_a_hide(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    await check(app, SPOILS, channel)
    ((repost_id, repost),) = channel.reposts
    hidden = message(repost.content, id=repost_id, author_name="ann", webhook_id=77)
    undo = next(spec for spec in message_commands() if spec.name == "Undo spoiler hide")

    refused = None
    try:
        await undo.handler(app, seat(AUTHOR), hidden, channel, BOT_CAN)
    except Exception as exc:
        refused = exc
    assert refused is not None and "Only moderators" in str(refused)

    reply = await undo.handler(app, seat(MOD, mod=True), hidden, channel, BOT_CAN)

    assert not reply.is_error
    (_, restored) = channel.reposts[-1]
    assert restored.content == SPOILS and channel.deleted[-1] == repost_id


async def test_console_say_shows_what_the_guard_does(app: Epilogue) -> None:
    seat = Seat(permissions=frozenset({"manage_messages"}))
    await execute(app, "/spoiler-rules guard enabled:true all_films:true", seat)

    hidden = await execute(app, f"say {SPOILS}", seat)
    left = await execute(app, f"say {HARMLESS}", seat)

    assert "The guard hid the message" in (hidden.content or "")
    assert "marries" not in visible_text(hidden.content or "")
    assert "left the message as it is" in (left.content or "")


async def test_moderators_list_what_was_hidden(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    await check(app, SPOILS)

    listed = await run(app, "spoiler-rules hidden")
    member = await run_command(app, command_table()["spoiler-rules hidden"], seat(AUTHOR), {})

    (embed,) = listed.embeds
    (field,) = embed.fields
    assert listed.ephemeral and "the spoiler guard" in field.value
    assert "marries" in hidden_text(field.value) and "marries" not in visible_text(field.value)
    assert member.is_error


async def test_the_log_names_the_author_of_a_guard_hide(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    assert (await check(app, SPOILS)).hidden

    logged = await run(app, "spoiler-rules log")

    (embed,) = logged.embeds
    (line,) = [line for line in (embed.description or "").splitlines() if "a message" in line]
    assert f"<@{AUTHOR}>" in line and "<@0>" not in line
    assert "hidden by the spoiler guard" in line


def _film(title: str, year: int, ending: str, plot: str) -> bytes:
    return f"""\
title: {title}
year: {year}
synopsis: A small film for the guard's tests.
sections:
  - kind: quick_answer
    level: ending
    body: {ending}
  - kind: recap
    level: plot
    body: {plot}
""".encode()


async def test_the_vocabulary_follows_the_catalog_around_the_film(
    app: Epilogue, tmp_path: Path
) -> None:
    """A word many films of the server's catalog say weighs less in each: adding films that
    say it changes the film's vocabulary, with no restart."""
    await guard_on(app, all_films=True)
    first, more = tmp_path / "first", tmp_path / "more"
    first.mkdir()
    more.mkdir()
    (first / "storm.yaml").write_bytes(
        _film(
            "Storm Light",
            2020,
            "The lighthouse keeper drowns and Wren rows home alone.",
            "Wren lives with her father, the lighthouse keeper, on a rock.",
        )
    )
    assert not (await app.load_content([first], guild_id=GUILD)).problems
    bare, told = "storm light, someone drowns in it", "storm light: the keeper drowns"

    async def frequent() -> frozenset[str]:
        storm = next(entry for entry in app.catalog.films(GUILD) if entry.title == "Storm Light")
        return (await app.member_spoilers.guard._vocabulary(GUILD, storm)).frequent

    assert stem("drowns") not in await frequent()  # two films: nothing is common to many
    # A central word needs something of the film with it, however rare in the catalog.
    assert not (await check(app, bare)).hidden
    assert (await check(app, told)).hidden
    for n, title in enumerate(["Deep Water", "Low Tide", "Grey Current"]):
        (more / f"{n}.yaml").write_bytes(
            _film(title, 2000 + n, "The ferryman drowns at dawn.", "A ferry crosses a bay.")
        )
    assert not (await app.load_content([more], guild_id=GUILD)).problems

    assert stem("drowns") in await frequent()  # four of five films now say "drowns"
    assert not (await check(app, bare)).hidden
    assert (await check(app, told)).hidden  # with the film's own keeper, it still tells


@pytest.mark.parametrize("parent", [None, 10])
async def test_a_message_a_repost_cannot_carry_whole_is_left_alone(
    app: Epilogue, parent: int | None
) -> None:
    """A part of a message no repost can carry in any form would be deleted with the
    original: the guard keeps its promise that nothing is lost by leaving such a message as it
    is, and tells the moderators (their log names the channel, not the text). A thread's
    mention is drawn as its title, a member's words: behind bars."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()

    where = {"channel_id": 10} if parent is None else {"channel_id": 4242, "parent_channel_id": 10}
    verdict = await check(app, SPOILS, channel, unreposted=("a game invite",), **where)

    assert not verdict.hidden and "cannot carry" in verdict.reason
    assert channel.reposts == [] and channel.deleted == []
    log = (await run(app, "spoiler-rules log")).embeds[0].description or ""
    assert "a moderator should look" in log and "marries" not in log
    mentioned = "<#" in visible_text(log)
    assert mentioned is (parent is None) and "<#" in log


STICKER = StickerRef("wave", "https://media.discordapp.net/stickers/749054660769218631.png")
ENDING_POLL = PollText(
    "La La Land: did you guess mia marries someone else?",
    (("yes, seb's jazz club gave it away", 3), ("no", 1)),
)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", {"poll": ENDING_POLL}),  # the question and answers give it away
        (
            "la la land poll",
            {
                "poll": PollText(
                    "how did it end?", (("mia marries someone else", 0), ("seb's jazz club", 1))
                )
            },
        ),
        (SPOILS, {"poll": PollText("thoughts?", (("yes", 2), ("no", 0)))}),  # text, any poll
        (SPOILS, {"stickers": (STICKER,)}),  # a sticker does not shield the text
        (
            "la la land",
            {"stickers": (StickerRef("mia marries someone else, seb's jazz club", "u"),)},
        ),
    ],
)
async def test_a_poll_or_sticker_is_read_and_carried_behind_bars(
    app: Epilogue, text: str, parts: dict[str, Any]
) -> None:
    """A poll's question and answers and a sticker's name are shown in plain text (a poll
    draws no markdown), so the guard reads them; a webhook cannot post a poll or sticker, so
    the repost carries them as text behind bars and the author is told what became of them.
    Nothing is lost: question, every answer, votes, the sticker's name and image link."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()

    verdict = await check(app, text, channel, id=777, **parts)

    assert verdict.hidden, verdict.reason
    ((_, repost),) = channel.reposts
    assert channel.deleted == [777]
    for secret in ("marries", "greg"):
        assert secret not in visible_text(repost.content).casefold()
    poll, stickers = parts.get("poll"), parts.get("stickers", ())
    behind = hidden_text(repost.content)
    if poll is not None:
        assert poll.question in behind.replace("\\", "")
        for answer, votes in poll.answers:
            assert answer in behind.replace("\\", "")
            assert f"({votes} vote" in repost.content
    for sticker in stickers:
        assert sticker.name in behind and sticker.url in behind
    ((_, note),) = channel.told
    if poll is not None:
        assert "poll" in (note.content or "")
    if stickers:
        assert "sticker" in (note.content or "")


async def test_a_hidden_poll_is_put_back_by_undo_as_text(app: Epilogue) -> None:
    """Undo posts back what the hide kept: the poll's text is kept with the message's."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    assert (await check(app, "", channel, id=778, poll=ENDING_POLL)).hidden
    ((repost_id, repost),) = channel.reposts

    undo = next(spec for spec in message_commands() if spec.name == "Undo spoiler hide")
    hidden = message(repost.content, id=repost_id, webhook_id=77)
    reply = await undo.handler(app, seat(MOD, mod=True), hidden, channel, BOT_CAN)

    assert not reply.is_error, reply
    restored = channel.reposts[-1][1].content
    assert ENDING_POLL.question in restored and "seb's jazz club gave it away" in restored


@pytest.mark.parametrize(
    "dressed",
    [
        "\\|| {spoils} ||",  # an escaped bar: Discord shows `|| … ||` as text
        "`||` {spoils} `||`",  # bars in code spans pair with nothing
        "https://example.com/|| {spoils} ||",  # a link swallows the bars right after it
        "|| a || || {spoils}",  # pairs close left to right: the last bars are unpaired
        # A masked link's text is parsed on its own: bars in it pair with no bars outside it.
        "[||](https://x.io) {spoils} [||](https://y.io)",
        "[see ||](https://x.io/a) {spoils} ||",
        # So is a styled span's: bold, italics, underline, strike-through.
        "**||** {spoils} **||**",
        "*||* {spoils} *||*",
        "__||__ {spoils} __||__",
        "_a||_ {spoils} ||",
        "~~||~~ {spoils} ~~||~~",
    ],
)
@READ_ON_SQLITE
async def test_bars_discord_does_not_read_as_a_spoiler_hide_nothing_from_the_guard(
    app: Epilogue, dressed: str
) -> None:
    """The guard leaves alone only what Discord hides: text around bars that Discord shows as
    text (escaped, in code, swallowed by a link, in a masked link's text, unpaired) is read
    like any other."""
    await guard_on(app, all_films=True)
    text = dressed.format(spoils=SPOILS)
    assert "marries" in visible_text(text) and "marries" in visible_text(text, lazy_bars=True)

    verdict = await check(app, text)

    assert verdict.hidden, verdict.reason


async def test_text_discord_hides_is_still_left_to_its_bars(app: Epilogue) -> None:
    await guard_on(app, all_films=True)

    for hidden in (
        f"la la land: ||{SPOILS}||",
        f"la la land `code` ||{SPOILS}|| `more`",
        f"la la land **||{SPOILS}||**",  # bars inside a styled span pair inside it
        f"la la land ||**{SPOILS}**||",
        f"*la la land* ||{SPOILS}|| _wow_ [more](https://x.io)",
    ):
        verdict = await check(app, hidden)
        assert not verdict.hidden, (hidden, verdict.reason)


async def test_a_message_seen_again_as_it_was_is_hidden_once(app: Epilogue) -> None:
    """Discord sends a message again unchanged (the edit event that adds a link preview, a
    replayed event once the original is gone): the guard must not repost it a second time."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()

    first = await check(app, SPOILS, channel, id=777)
    again = await check(app, SPOILS, channel, id=777)

    assert first.hidden and not again.hidden
    assert len(channel.reposts) == 1 and len(channel.told) == 1


@pytest.mark.parametrize(
    "written",
    [
        "> ||{spoils}\nsee?||",  # a quote line: its bars never close
        "# ||{spoils}\nsee?||",  # a heading
        "### wow ||{spoils}\nsee?||",
        "-# ||{spoils}\nsee?||",  # subtext
        "- ||{spoils}\n- see?||",  # list items
        "1. ||{spoils}\nsee?||",
        "> ok\n> ||{spoils}\nsee?||",
    ],
)
@READ_ON_SQLITE
async def test_bars_that_a_block_line_keeps_from_closing_hide_nothing_from_the_guard(
    app: Epilogue, written: str
) -> None:
    """Discord reads a quote, heading, subtext or list line on its own: bars opened in it and
    closed on a later line are shown as typed, with every word between them."""
    await guard_on(app, all_films=True)
    text = written.format(spoils=SPOILS)
    assert "marries" in visible_text(text) and "marries" in visible_text(text, lazy_bars=True)

    assert (await check(app, text)).hidden


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("", ("la-la-land_mia-marries-someone-else-and-they-meet-again-in-seb's-jazz-club.png",)),
        ("lol", ("La.La.Land.mia.marries.someone.else.they.meet.again.in.his.jazz.club.txt",)),
        ("la la land!!", ("SPOILER_mia_marries_someone_else_and_seb_owns_the_jazz_club.jpg",)),
        ("la la land ||wow||", ("photo.png", "mia marries someone else, they meet in seb's.pdf")),
        ("la la land", ("mia-marries-someone-else", "jazz club.gif")),
        # Discord shows a name whole: what follows its last dot is no file kind to skip.
        ("la la land", ("ending.mia marries someone else, they meet again in seb's jazz club",)),
        ("", ("La La Land. Mia marries someone else, they meet again in Seb's jazz club",)),
    ],
)
@READ_ON_SQLITE
async def test_a_files_name_is_read_as_the_message_is(
    app: Epilogue, text: str, names: tuple[str, ...]
) -> None:
    """Discord shows a file's name in plain text, spoiler or not (``SPOILER_`` blurs only the
    file): a name that names the film and states its ending gives it away like text does."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel(files={f"u://{name}": b"data" for name in names})
    files = tuple(FileRef(name, f"u://{name}", 4) for name in names)

    verdict = await check(app, text, channel, files=files)

    assert verdict.hidden, verdict.reason
    ((_, repost),) = channel.reposts
    assert all(f.filename.startswith("SPOILER_file") for f in repost.files)
    assert "marries" not in visible_text(repost.content)


ALT = "la la land: mia marries someone else and they meet again in seb's jazz club"


async def test_a_files_alt_text_is_read_and_kept_behind_bars(app: Epilogue) -> None:
    """A file's description (alt text) is shown on its ALT badge and read aloud by a screen
    reader, with no markdown, whatever the message says: an ending there is hidden with the
    message. The repost cannot give a neutral file alt text that hides, so it carries it
    behind bars, and Undo gives the file back its own."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel(files={"u://poster.png": b"png"})
    files = (FileRef("poster.png", "u://poster.png", 3, description=ALT),)

    verdict = await check(app, "look at this!", channel, files=files)

    assert verdict.hidden, verdict.reason
    ((repost_id, repost),) = channel.reposts
    assert "marries" not in visible_text(repost.content)
    assert "marries" in hidden_text(repost.content)
    assert all(not f.description for f in repost.files)

    undo = next(spec for spec in message_commands() if spec.name == "Undo spoiler hide")
    channel.files |= {f"r://{f.filename}": f.data for f in repost.files}
    shown = message(
        repost.content,
        id=repost_id,
        webhook_id=77,
        files=tuple(FileRef(f.filename, f"r://{f.filename}", 3) for f in repost.files),
    )
    reply = await undo.handler(app, seat(MOD, mod=True), shown, channel, BOT_CAN)
    assert not reply.is_error, reply
    ((restored_file,),) = [channel.reposts[-1][1].files]
    assert (restored_file.filename, restored_file.description) == ("poster.png", ALT)


def _between_letters(joint: str) -> str:
    return " ".join(joint.join(word) for word in SPOILS.split(" "))


_LOOKALIKES = str.maketrans("aceopxyijsABCEHIJKMOPTXY", "асеорхуіјѕАВСЕНІЈКМОРТХУ")
_SMALL_CAPITALS = str.maketrans("abcdefghijklmnoprstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ")


def _marked(marks: str) -> str:
    """``SPOILS`` with combining ``marks`` after every character, spaces too."""
    return "".join(char + marks for char in SPOILS)


def _indicator(char: str) -> str:
    return chr(0x1F1E6 + ord(char) - ord("a")) if "a" <= char <= "z" else char


def _spelt_apart(word: str, letter: Callable[[str], str]) -> str:
    return " ".join(map(letter, word))


@pytest.mark.parametrize(
    "disguised",
    [
        # Characters Discord draws as nothing, between every two letters.
        *(_between_letters(joint) for joint in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f"),
        _between_letters("\u200e"),  # a direction mark
        _between_letters("\ufe0f"),  # a variation selector
        _between_letters("\U000e0020"),  # a tag character
        _between_letters("\u3164"),  # a Hangul filler
        _between_letters("\u180e"),  # the Mongolian vowel separator
        SPOILS.translate(_LOOKALIKES),  # Cyrillic letters drawn as Latin ones
        SPOILS.replace("o", "ο").replace("i", "ι").replace("v", "ν"),  # Greek ones
        "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in SPOILS),  # fullwidth
        "".join(chr(ord(c) - 97 + 0x1D41A) if "a" <= c <= "z" else c for c in SPOILS),  # bold
        "\u202e" + SPOILS[::-1] + "\u202c",  # written backwards, drawn right to left
        f"lol \u202e{SPOILS[::-1]}",
        # "Fancy text" as its generators make it: small capitals (no NFKC form) ...
        SPOILS.translate(_SMALL_CAPITALS),
        # ... a mark drawn through or over each character (strike-through, slash, zalgo) ...
        *(_marked(marks) for marks in ("\u0336", "\u0337", "\u0332", "\u0335\u0321\u031b")),
        # ... letters as regional indicators, kept apart (a pair side by side is a flag) ...
        " ".join("\u200b".join(map(_indicator, word)) for word in SPOILS.split(" ")),
        # ... or letters spaced out, words apart by wider gaps.
        "   ".join(_spelt_apart(word, str) for word in SPOILS.split(" ")),
        # Leetspeak: digits for the letters they look like, and letters dotted apart.
        SPOILS.translate(str.maketrans("oieast", "013457")),
        " ".join(
            ".".join(word) if word.isalpha() and len(word) > 2 else word
            for word in SPOILS.split(" ")
        ),
    ],
)
@READ_ON_SQLITE
async def test_what_readers_see_is_read_however_it_is_spelt(app: Epilogue, disguised: str) -> None:
    """A member sees the same words whatever invisible characters, look-alike letters, styled
    letters or direction overrides spell them: the guard reads those words."""
    await guard_on(app, all_films=True)

    verdict = await check(app, disguised)

    assert verdict.hidden, verdict.reason


@pytest.mark.parametrize("mark", ["**", "*", "__", "_", "~~", "`", "***", "__**"])
@READ_ON_SQLITE
async def test_markdown_styling_inside_words_is_read_through(app: Epilogue, mark: str) -> None:
    """Bold, italics, underline, strike-through or code on letters inside a word leave the word
    as readers read it ("m**a**rries" is "marries" in bold)."""
    await guard_on(app, all_films=True)
    closing = mark[::-1] if mark == "__**" else mark
    text = " ".join(
        f"{word[0]}{mark}{word[1]}{closing}{word[2:]}" if len(word) > 2 else word
        for word in SPOILS.split(" ")
    )

    verdict = await check(app, text)

    assert verdict.hidden, verdict.reason


ENDING_ALONE = "omg mia marries someone else and they meet again in seb's jazz club"


@pytest.mark.parametrize(
    ("where", "parent", "hidden"),
    [
        ("La La Land (2016) discussion", "", True),  # a forum post or thread about the film
        ("la-la-land", "", True),  # a channel for it
        ("lala land spoilers??", "", True),
        ("that ending 😭", "la-la-land", True),  # a post in a forum named after the film
        ("that ending 😭", "general", False),
        ("general", "", False),
        ("", "", False),
    ],
)
@READ_ON_SQLITE
async def test_a_thread_or_channel_named_after_a_film_names_it_for_its_messages(
    app: Epilogue, where: str, parent: str, hidden: bool
) -> None:
    """In a thread (a forum post) or channel named after a film, or a thread of such a channel
    (a post in a forum named after it), a message about its ending need not name the film:
    every reader there knows which film it gives away."""
    await guard_on(app, all_films=True)

    verdict = await check(
        app,
        ENDING_ALONE,
        where_name=where,
        parent_name=parent,
        parent_channel_id=20 if parent else None,
    )

    assert verdict.hidden is hidden, verdict.reason


PREVIEW = LinkPreview(
    "https://example.com/la-la-land",
    "La La Land's ending explained\nWhy Mia marries someone else, and the jazz club Seb owns",
)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("la la land https://example.com/la-la-land", True),
        ("https://example.com/la-la-land", True),  # the preview names the film too
        ("read this <https://example.com/la-la-land>", True),
        ("la la land ||https://example.com/la-la-land ||", False),  # the link is hidden
    ],
)
@pytest.mark.parametrize("hidden_in_embed", [False, True])
@READ_ON_SQLITE
async def test_a_link_preview_is_read_as_the_message_is(
    app: Epilogue, text: str, hidden: bool, hidden_in_embed: bool
) -> None:
    """Discord shows a linked page's title and description under the message: an "ending
    explained" page's title often states the ending. What an embed hides behind bars (a
    feed's, or a long repost's) is not read."""
    await guard_on(app, all_films=True)
    preview = PREVIEW
    if hidden_in_embed:
        preview = LinkPreview(PREVIEW.url, f"La La Land\n||{PREVIEW.text}||")

    verdict = await check(app, text, previews=(preview,))

    assert verdict.hidden is (hidden and not hidden_in_embed), verdict.reason


async def test_a_message_through_another_apps_webhook_is_read_like_a_members(
    app: Epilogue,
) -> None:
    """Proxy bots (PluralKit, Tupperbox) post their members' messages through webhooks, and
    feeds their headlines: the guard reads them. Only Epilogue's own reposts, and messages a
    moderator's Undo put back, are never looked at again."""
    await guard_on(app, all_films=True)
    proxied = {"webhook_id": 77, "author_is_bot": True, "author_name": "Mia (she/her)"}
    channel = MemoryChannel()

    verdict = await check(app, SPOILS, channel, id=4242, **proxied)

    assert verdict.hidden, verdict.reason
    ((repost_id, repost),) = channel.reposts
    assert repost.username == "Mia (she/her)" and channel.deleted == [4242]
    # Its repost comes back through Epilogue's webhook: never hidden again, whether the
    # adapter knows it as Epilogue's or only the stored hide does.
    again = check(app, repost.content, MemoryChannel(), id=repost_id, webhook_id=78)
    assert not (await again).hidden
    restored = await check(app, SPOILS, MemoryChannel(), id=repost_id, webhook_id=78)
    assert not restored.hidden and "own repost" in restored.reason


@pytest.mark.parametrize(
    ("replied", "hidden"),
    [
        ("anyone seen la la land yet?", True),
        ("LLL was so good", True),
        ("what did you think of it?", False),
        ("||la la land|| was great", False),  # the film named only behind bars
    ],
)
async def test_a_reply_to_a_message_naming_a_film_is_about_it(
    app: Epilogue, replied: str, hidden: bool
) -> None:
    """Discord shows the message a reply answers right above it: "she marries someone else…"
    under "anyone seen La La Land?" gives that film's ending away without naming it."""
    await guard_on(app, all_films=True)

    verdict = await check(app, ENDING_ALONE, replied=message(replied))

    assert verdict.hidden is hidden, verdict.reason


class ThreadSeen:
    """``ThreadOps`` in memory: what the guard renamed a thread to, and whom it told;
    ``current``: its name as Discord has it (None: Discord cannot say)."""

    def __init__(self, *, can_rename: bool = True, name: str | None = None) -> None:
        self.names: list[str] = []
        self.told: list[tuple[int, Reply]] = []
        self.can_rename = can_rename
        self.current = name

    async def rename(self, name: str) -> bool:
        if self.can_rename:
            self.names.append(name)
            self.current = name
        return self.can_rename

    async def tell(self, user_id: int, reply: Reply) -> bool:
        self.told.append((user_id, reply))
        return True

    async def name_now(self) -> str | None:
        return self.current


THREAD_CAN = BOT_CAN | {"manage_threads"}


def title(name: str, **kw: Any) -> ThreadTitle:
    fields: dict[str, Any] = {
        "id": 4242,
        "guild_id": GUILD,
        "parent_channel_id": 10,
        "owner_id": AUTHOR,
        "name": name,
    }
    return ThreadTitle(**(fields | kw))


@pytest.mark.parametrize(
    "thread",
    [
        title(SPOILS),  # a thread started from a message, or by hand
        title("mia marries someone else, seb's jazz club", parent_name="la-la-land"),  # forum
        title("la la land: mia m**a**rries someone else, seb's jazz club"),  # read as shown
        title("chazelle's musical: mia marries someone else, seb's jazz club"),  # by director
    ],
)
async def test_a_thread_title_that_gives_the_ending_away_is_renamed(
    app: Epilogue, thread: ThreadTitle
) -> None:
    """A thread's name (a forum post's title) cannot be hidden behind bars: one the message
    guard would hide is renamed to a neutral name, its creator told what it was, wrapped."""
    await guard_on(app, all_films=True)
    ops = ThreadSeen()

    verdict = await app.member_spoilers.guard.check_title(thread, ops, THREAD_CAN)

    assert verdict.hidden, verdict.reason
    assert ops.names == ["Spoiler discussion: La La Land"]
    ((told, note),) = ops.told
    assert told == AUTHOR and "jazz club" in hidden_text(note.content or "")
    assert "jazz" not in visible_text(note.content or "")
    # Discord draws <#id> as the thread's name as it is when the log is read: its creator may
    # have renamed it back since, so the log names it behind bars.
    log = (await run(app, "spoiler-rules log")).embeds[0].description or ""
    assert "renamed by the spoiler guard" in log
    assert "<#4242>" in hidden_text(log) and "<#4242>" not in visible_text(log)


async def test_a_thread_title_is_left_when_harmless_off_or_in_a_spoiler_channel(
    app: Epilogue,
) -> None:
    guard = app.member_spoilers.guard
    ops = ThreadSeen()
    assert not (await guard.check_title(title(SPOILS), ops, THREAD_CAN)).hidden  # guard off
    await guard_on(app, all_films=True)
    assert not (await guard.check_title(title(HARMLESS), ops, THREAD_CAN)).hidden
    await run(app, "spoiler-rules channel", channel=ChannelRef(10, GUILD), mode="spoilers")
    assert not (await guard.check_title(title(SPOILS), ops, THREAD_CAN)).hidden
    assert ops.names == [] and ops.told == []


async def test_a_spoiler_threads_title_is_read_where_its_parent_shows_it(app: Epilogue) -> None:
    """A thread made a spoiler channel of its own (a moderator's "spoiler discussion" thread in
    #general) is shown by its title in its parent too: in the channel list, the parent's
    "started a thread" line and its thread list, where nobody opened anything. The guard left
    the title alone as a spoiler channel's, and the ending stood in #general."""
    await guard_on(app, all_films=True)
    await run(app, "spoiler-rules channel", channel=ChannelRef(4242, GUILD), mode="spoilers")
    ops = ThreadSeen()

    verdict = await app.member_spoilers.guard.check_title(title(SPOILS), ops, THREAD_CAN)

    assert verdict.hidden, verdict.reason
    assert ops.names == ["Spoiler discussion: La La Land"]


async def test_a_spoiler_forum_posts_opening_message_is_read_where_the_forum_shows_it(
    app: Epilogue,
) -> None:
    """A forum post's opening message is shown in the forum's list of posts, under its title:
    a post made a spoiler channel of its own in a standard forum shows it there to everyone
    browsing the forum. Its other messages are read only inside it, and stay the post's own."""
    await guard_on(app, all_films=True)
    await run(app, "spoiler-rules channel", channel=ChannelRef(4242, GUILD), mode="spoilers")

    opening = await check(app, SPOILS, id=4242, channel_id=4242, parent_channel_id=10)
    inside = await check(app, SPOILS, channel_id=4242, parent_channel_id=10)

    assert opening.hidden, opening.reason
    assert not inside.hidden and inside.reason == "spoiler channel"


@pytest.mark.parametrize(("permissions", "can_rename"), [(BOT_CAN, True), (THREAD_CAN, False)])
async def test_a_title_that_cannot_be_renamed_is_reported_to_moderators(
    app: Epilogue, permissions: frozenset[str], can_rename: bool
) -> None:
    await guard_on(app, all_films=True)
    ops = ThreadSeen(can_rename=can_rename)

    verdict = await app.member_spoilers.guard.check_title(title(SPOILS), ops, permissions)

    assert not verdict.hidden and ops.names == [] and ops.told == []
    log = await run(app, "spoiler-rules log")
    shown_log = log.embeds[0].description or ""
    assert "rename it by hand" in shown_log
    assert "marries" not in shown_log
    # Discord draws a channel mention as the channel's name: the thread's own title, which
    # gives the ending away. The moderators find it behind bars, never drawn in the clear.
    assert "<#4242>" in hidden_text(shown_log)
    assert "<#4242>" not in visible_text(shown_log)


async def test_all_films_says_what_leaving_it_out_does(app: Epilogue) -> None:
    """Its description said "false (default)", but left out it keeps the server's choice:
    a moderator turning the guard on again read that it would watch embargoed films only."""
    await guard_on(app, all_films=True)
    await run(app, "spoiler-rules guard", enabled=False)
    again = await run(app, "spoiler-rules guard", enabled=True)
    assert "every film" in again.content, again.content
    option = next(
        o for o in command_table()["spoiler-rules guard"].options if o.name == "all_films"
    )
    assert "(default)" not in option.description
    assert "left out" in option.description and len(option.description) <= 100


async def test_a_switch_already_set_says_how_it_is_set(app: Epilogue) -> None:
    """Was "already set that way" and "that is already your choice here": which way?"""
    await guard_on(app, all_films=True)
    again = await run(app, "spoiler-rules guard", enabled=True)
    assert again.content == "Nothing changed: the spoiler guard is already on for every film here."
    await run(app, "spoiler-rules guard", enabled=False)
    off = await run(app, "spoiler-rules guard", enabled=False)
    assert off.content == "Nothing changed: the spoiler guard is already off here."

    await guard_on(app)
    member = seat(AUTHOR)
    mine = command_table()["spoiler guard-me"]
    assert not (await run_command(app, mine, member, {"enabled": True})).is_error
    kept = await run_command(app, mine, member, {"enabled": True})
    assert kept.content == "Nothing changed: the spoiler guard already looks at your messages here."
    await run_command(app, mine, member, {"enabled": False})
    left = await run_command(app, mine, member, {"enabled": False})
    assert left.content == (
        "Nothing changed: the spoiler guard already leaves your messages alone here."
    )


async def test_guard_me_while_the_servers_guard_is_off_says_it_is_off(app: Epilogue) -> None:
    """Was "The spoiler guard looks at your messages here again" with no guard running."""
    mine = command_table()["spoiler guard-me"]
    await run_command(app, mine, seat(AUTHOR), {"enabled": False})
    back = await run_command(app, mine, seat(AUTHOR), {"enabled": True})

    assert back.content.startswith("✅ The spoiler guard looks at your messages here again.")
    assert "The guard is off in this server for now" in back.content

    await guard_on(app)
    on = await run_command(app, mine, seat(AUTHOR), {"enabled": False})
    assert "off in this server" not in on.content


async def test_all_films_given_while_turning_the_guard_off_is_said_to_be_kept(
    app: Epilogue,
) -> None:
    """Was: stored silently, so the next enabled:true watched every film unannounced."""
    reply = await run(app, "spoiler-rules guard", enabled=False, all_films=True)
    assert reply.content.endswith("When it is on again, it watches every film."), reply.content
    on = await run(app, "spoiler-rules guard", enabled=True)
    assert "on for every film" in on.content


async def test_guard_me_off_shows_how_to_type_spoiler_bars_in_the_open(app: Epilogue) -> None:
    """It said "hide your own spoilers with ||bars||": Discord drew a black bar there, so the
    member read no how-to at all."""
    mine = command_table()["spoiler guard-me"]
    off = await run_command(app, mine, seat(AUTHOR), {"enabled": False})

    shown = visible_text(off.content or "")
    assert "type ||like this|| (two bars either side)" in shown, shown
    assert hidden_text(off.content or "") == ""


async def test_a_learned_reading_that_fails_never_leaves_what_the_rules_hide(
    app: Epilogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The learned reading is a second opinion that may only hide more. It was asked about
    each film in turn, before the rules had read the next: a message naming La La Land first
    and then telling another film's ending in the rules' own words was left in the clear when
    the reading failed (weights that do not load) on La La Land."""
    from bot.features.spoiler import ending_model

    await guard_on(app, all_films=True)
    (tmp_path / "storm.yaml").write_bytes(
        _film(
            "Storm Light",
            2020,
            "The lighthouse keeper drowns and Wren rows home alone.",
            "Wren lives with her father, the lighthouse keeper, on a rock.",
        )
    )
    assert not (await app.load_content([tmp_path], guild_id=GUILD)).problems
    told = "la la land songs rule; storm light ends with the keeper drowning"
    first = await check(app, told)
    assert first.hidden and first.film is not None and first.film.title == "Storm Light"

    def unloadable() -> None:
        raise ValueError("ending_model.json: Expecting value: line 1 column 1 (char 0)")

    monkeypatch.setattr(ending_model, "shipped", unloadable)
    verdict = await check(app, told)

    assert verdict.hidden and verdict.film is not None and verdict.film.title == "Storm Light"


async def test_settings_read_before_a_change_committed_are_not_kept(
    app: Epilogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message looked at while a moderator turns the guard on reads the settings as they
    were; that read must not be kept, or the guard stays off for a minute after the change."""
    from bot.features.spoiler import guard as guard_module

    guard = app.member_spoilers.guard
    read_old, release = asyncio.Event(), asyncio.Event()
    real = guard_module.guild_settings

    async def slow(session: Any, guild_id: int) -> Any:
        found = await real(session, guild_id)  # read before the change commits
        read_old.set()
        await release.wait()
        return found

    monkeypatch.setattr(guard_module, "guild_settings", slow)
    looking = asyncio.create_task(guard.settings(GUILD))
    await read_old.wait()
    monkeypatch.setattr(guard_module, "guild_settings", real)
    await run(app, "spoiler-rules guard", enabled=True)
    release.set()
    assert not (await looking).enabled  # that look saw the settings of its moment

    assert (await guard.settings(GUILD)).enabled


async def test_a_burst_past_the_guards_pace_is_hidden_later_never_left(app: Epilogue) -> None:
    """The guard hides at most so many messages a minute per server, so a burst never turns
    into a burst of webhook calls. Past that it left messages alone: anyone could post that
    many spoilers (each hidden) and then one more, which stayed in the open, or keep the guard
    off everyone else's for the rest of the minute. Past the pace, a hide waits its turn."""
    await guard_on(app, all_films=True)
    guard = app.member_spoilers.guard
    fake = FakeTime()
    guard.hides_per_minute = 2
    guard._clock, guard.sleep = fake.clock, fake.sleep  # type: ignore[method-assign]
    channel = MemoryChannel()

    verdicts = await asyncio.gather(*(check(app, SPOILS, channel) for _ in range(5)))

    assert all(verdict.hidden for verdict in verdicts), [v.reason for v in verdicts]
    assert len(channel.reposts) == 5 and len(channel.deleted) == 5
    assert fake.slept and fake.now - 1000.0 >= 120, "two minutes for five at two a minute"


async def test_thread_titles_past_the_guards_pace_are_renamed_in_turn(app: Epilogue) -> None:
    """Renames share the hides' pace; past it, a title giving the ending away was left as it
    was, shown in the channel list to everyone: it is renamed in its turn."""
    await guard_on(app, all_films=True)
    guard = app.member_spoilers.guard
    fake = FakeTime()
    guard.hides_per_minute = 1
    guard._clock, guard.sleep = fake.clock, fake.sleep  # type: ignore[method-assign]
    seen = [ThreadSeen() for _ in range(3)]

    verdicts = await asyncio.gather(
        *(
            guard.check_title(title(SPOILS, id=5000 + n), ops, THREAD_CAN)
            for n, ops in enumerate(seen)
        )
    )

    assert all(verdict.hidden for verdict in verdicts), [v.reason for v in verdicts]
    assert all(ops.names == ["Spoiler discussion: La La Land"] for ops in seen)
    assert fake.now - 1000.0 >= 120


@pytest.mark.parametrize(
    ("text", "names", "hidden"),
    [
        (f"<#55> {ENDING_ALONE}", (("<#55>", "#la-la-land"),), True),
        (f"<@&56> {ENDING_ALONE}", (("<@&56>", "@La La Land fans"),), True),
        (f"<@57> {ENDING_ALONE}", (("<@57>", "@lalaland_stan"),), True),
        (f"<#55> {ENDING_ALONE}", (), False),  # a channel the adapter could not name
        (f"<#55> {ENDING_ALONE}", (("<#55>", "#general"),), False),
        (f"||<#55>|| {ENDING_ALONE}", (("<#55>", "#la-la-land"),), False),  # behind bars
    ],
)
@READ_ON_SQLITE
async def test_a_mention_is_read_as_the_name_discord_draws(
    app: Epilogue, text: str, names: tuple[tuple[str, str], ...], hidden: bool
) -> None:
    """Discord draws a mention as a name ("#la-la-land"): one of the film's channel names
    the film, though the message's text holds only an id."""
    await guard_on(app, all_films=True)

    verdict = await check(app, text, mention_names=names)

    assert verdict.hidden is hidden, verdict.reason


async def test_an_old_message_delivered_again_never_becomes_a_follow_ups_latest(
    app: Epilogue, tmp_path: Path
) -> None:
    """A member named another film, chatted on past what is kept of their messages, then named
    La La Land. A RESUME replays their old message (naming the other film) just before they
    tell La La Land's ending without its title: the replay is no new message, so the follow-up
    is still about La La Land, and hidden."""
    await guard_on(app, all_films=True)
    films = tmp_path / "storm"
    films.mkdir()
    (films / "storm.yaml").write_bytes(
        _film(
            "Storm Light",
            2020,
            "The lighthouse keeper drowns and Wren rows home alone.",
            "Wren lives with her father, the lighthouse keeper, on a rock.",
        )
    )
    assert not (await app.load_content([films], guild_id=GUILD)).problems
    other = message("just watched storm light, lovely", id=next(_MESSAGE_IDS))
    arrive(app, other)
    await app.member_spoilers.guard.check(other, MemoryChannel(), BOT_CAN)
    for n in range(KEPT):
        await check(app, f"popcorn break {n}")
    await check(app, "just watched la la land, wow")

    arrive(app, other)  # its MESSAGE_CREATE again, with the id and text it had
    await app.member_spoilers.guard.check(other, MemoryChannel(), BOT_CAN)

    follow_up = await check(app, UNTITLED)
    assert follow_up.hidden and follow_up.film is not None, follow_up
    assert follow_up.film.title == "La La Land"


async def test_a_film_named_by_its_director_is_read_as_named_by_its_title(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    # A surname alone, not said as a film, names none (first: a later message of the same
    # author would follow up on one naming the film).
    assert (await check(app, "chazelle is overrated, she marries someone else")).film is None

    for told in (
        "damien chazelle's musical ends with mia married to another man, seb alone at his club",
        "the chazelle jazz one where mia comes back married to someone else and seb just plays",
    ):
        verdict = await check(app, told)
        assert verdict.hidden and verdict.film is not None, told
        assert verdict.film.title == "La La Land"
    # Talk of the director's film that tells nothing is read and left alone.
    verdict = await check(app, "chazelle's musical has the best soundtrack of the decade")
    assert not verdict.hidden and verdict.film is not None


async def test_another_apps_bot_user_is_read_as_a_member_is(app: Epilogue) -> None:
    """``author.bot`` marks no words as harmless: a bridge relaying another chat, a "say"
    command or a bot opening threads titled with members' words shows them to everyone. Its
    message and its thread's title are read; nobody is told (a bot reads no DM)."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    assert (await check(app, SPOILS, channel, author_is_bot=True)).hidden
    assert channel.told == []
    ops = ThreadSeen()
    verdict = await app.member_spoilers.guard.check_title(
        title(SPOILS, owner_is_bot=True), ops, THREAD_CAN
    )
    assert verdict.hidden and ops.names and ops.told == []


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        # A nickname over a harmless line naming the film.
        ("mia marries someone else", HARMLESS, None),
        # A webhook's chosen name (a proxy bot's member, a feed) over a line naming it.
        ("seb's jazz club, five years later", "la la land rewatch tonight", "hook"),
        # A name naming the film itself, over words naming none.
        ("la la land: mia marries someone else", "what a night", None),
        # Over words all behind bars, in a channel named after the film.
        ("mia marries someone else", "||la la land talk||", "la-la-land"),
    ],
)
@READ_ON_SQLITE
async def test_a_name_drawn_over_a_message_that_tells_the_ending_hides_it(
    app: Epilogue, name: str, text: str, where: str | None
) -> None:
    """Discord draws its author's name over a message, in plain text no bar hides; a name
    giving the ending away was never read, only the words under it. The repost goes up under a
    neutral name, and its author is told that the name was why."""
    await guard_on(app, all_films=True)
    channel = MemoryChannel()
    place = {"where_name": where} if where and where != "hook" else {}
    hook = {"webhook_id": 77, "author_is_bot": True} if where == "hook" else {}

    verdict = await check(app, text, channel, author_name=name, **place, **hook)

    assert verdict.hidden, verdict.reason
    ((_, repost),) = channel.reposts
    assert repost.username == NAME_WITHHELD
    if not hook:
        ((_, note),) = channel.told
        assert "neutral name" in (note.content or "")


@pytest.mark.parametrize("name", ["seb fan", "mia", "la la land lover", "ann"])
@READ_ON_SQLITE
async def test_a_name_that_tells_no_ending_over_harmless_words_is_left(
    app: Epilogue, name: str
) -> None:
    await guard_on(app, all_films=True)

    assert not (await check(app, HARMLESS, author_name=name)).hidden
    assert not (await check(app, "what a night", author_name=name)).hidden


UNREAD = [
    "في فيلم La La Land البطلة تتزوج رجلاً آخر في النهاية",  # Arabic
    "Στο La La Land στο τέλος εκείνη παντρεύεται κάποιον άλλον",  # Greek
    "В La La Land в конце она выходит замуж за другого",  # Cyrillic
    "La La Land के अंत में वह किसी और से शादी कर लेती है",  # Devanagari
    "La La Land 결말에서 그녀는 다른 남자와 결혼해요",  # Hangul
    "La La Land の最後で彼女は別の人と結婚する",  # Japanese
    "В «Ла-Ла Ленд» в конце она выходит замуж за другого",  # the title in Cyrillic too
    "ला ला लैंड के अंत में वह किसी और से शादी कर लेती है",  # the title in Devanagari too
]


async def test_a_guarded_film_named_in_a_script_the_guard_cannot_read_is_hidden(
    app: Epilogue,
) -> None:
    """A statement about a guarded film told mostly in a script the guard reads no word of
    may tell its ending: it is hidden, and its author told that is why. One app for every
    script (a fixture each would cost the suite seconds)."""
    await guard_on(app, all_films=True)
    for author, text in enumerate(UNREAD, 7_000):
        channel = MemoryChannel()

        verdict = await check(app, text, channel, author_id=author)

        assert verdict.hidden, (text, verdict.reason)
        ((_, note),) = channel.told
        assert "cannot read" in (note.content or ""), text


UNREAD_LEFT = [
    *(text + ("؟" if "في" in text else "?") for text in UNREAD[:5]),  # asking
    "Το La La Land είναι στο Netflix; πόση διάρκεια έχει;",  # Greek asks with ";"
    "la la land with my grandma tonight, she said очень красиво",  # mostly English
    "La La Land 🇯🇵 最高",  # a word, not a sentence
    "В том фильме они расстаются, а он играет в своём клубе",  # names no film
]


async def test_unread_script_that_asks_or_names_no_film_is_left(app: Epilogue) -> None:
    await guard_on(app, all_films=True)
    # Each by a member of its own: one member's messages follow up the film the last named.
    for author, text in enumerate(UNREAD_LEFT, 7_000):
        verdict = await check(app, text, author_id=author)

        assert not verdict.hidden, (text, verdict.reason)


async def test_an_unread_script_is_hidden_only_for_a_guarded_film(app: Epilogue) -> None:
    await guard_on(app)  # no embargo, all_films off: La La Land is not guarded

    verdict = await check(app, UNREAD[0])

    assert not verdict.hidden


class StatusSeen:
    """``StatusOps`` in memory: a voice channel's status as Discord has it, and how often the
    guard cleared it."""

    def __init__(self, text: str, *, can_clear: bool = True) -> None:
        self.current: str | None = text
        self.cleared = 0
        self.can_clear = can_clear

    async def clear(self) -> bool:
        if self.can_clear:
            self.cleared += 1
            self.current = ""
        return self.can_clear

    async def status_now(self) -> str | None:
        return self.current


STATUS_CAN = BOT_CAN | {"manage_channels"}


def status(text: str, **kw: Any) -> ChannelStatus:
    return ChannelStatus(**({"guild_id": GUILD, "channel_id": 5151, "text": text} | kw))


@pytest.mark.parametrize(
    "said",
    [
        status(SPOILS),
        # About the film its channel is named after, as a thread's title is.
        status("mia marries someone else, seb's jazz club", channel_name="La La Land watch party"),
        status("chazelle's musical: mia marries someone else, seb's jazz club"),
    ],
)
async def test_a_voice_channels_status_that_gives_the_ending_away_is_cleared(
    app: Epilogue, said: ChannelStatus
) -> None:
    """Any member in a voice channel may set its status, which the whole server reads under
    the channel's name in the channel list, with no markdown: the guard read messages and
    thread titles, never this, and an ending set there stood in the open."""
    await guard_on(app, all_films=True)
    ops = StatusSeen(said.text)

    verdict = await app.member_spoilers.guard.check_status(said, ops, STATUS_CAN)

    assert verdict.hidden, verdict.reason
    assert ops.cleared == 1 and ops.current == ""
    log = (await run(app, "spoiler-rules log")).embeds[0].description or ""
    assert "status of voice channel <#5151> cleared" in log and "jazz" not in log


async def test_a_voice_status_is_read_in_a_spoiler_channel_and_cleared_again_when_set_again(
    app: Epilogue,
) -> None:
    """The channel list shows a spoiler channel's status to readers of every channel; and the
    same status set again after it was cleared is cleared again (a replay of the event that
    set it, while it is cleared, is not)."""
    await guard_on(app, all_films=True)
    await run(app, "spoiler-rules channel", channel=ChannelRef(5151, GUILD), mode="spoilers")
    guard = app.member_spoilers.guard
    ops = StatusSeen(SPOILS)

    assert (await guard.check_status(status(SPOILS), ops, STATUS_CAN)).hidden
    assert not (await guard.check_status(status(SPOILS), ops, STATUS_CAN)).hidden  # a replay
    ops.current = SPOILS  # set again
    assert (await guard.check_status(status(SPOILS), ops, STATUS_CAN)).hidden
    assert ops.cleared == 2


async def test_a_voice_status_is_left_when_harmless_or_off_and_logged_when_it_cannot_be_cleared(
    app: Epilogue,
) -> None:
    guard = app.member_spoilers.guard
    ops = StatusSeen(SPOILS)
    assert not (await guard.check_status(status(SPOILS), ops, STATUS_CAN)).hidden  # guard off
    await guard_on(app, all_films=True)
    assert not (await guard.check_status(status(HARMLESS), ops, STATUS_CAN)).hidden
    assert not (await guard.check_status(status(""), ops, STATUS_CAN)).hidden
    await run(app, "spoiler-rules guard-channel", channel=ChannelRef(5151, GUILD), enabled=False)
    assert not (await guard.check_status(status(SPOILS), ops, STATUS_CAN)).hidden
    assert ops.cleared == 0
    await run(app, "spoiler-rules guard-channel", channel=ChannelRef(5151, GUILD), enabled=True)

    verdict = await guard.check_status(status(SPOILS), ops, BOT_CAN)

    assert not verdict.hidden and "Manage Channels" in verdict.reason and ops.cleared == 0
    log = (await run(app, "spoiler-rules log")).embeds[0].description or ""
    assert "<#5151>" in log and "clear it by hand" in log and "jazz" not in log


class EventSeen:
    """``EventOps`` in memory: a scheduled event's fields as Discord has them, and whom the
    guard told."""

    def __init__(self, event: ServerEvent, *, can_rewrite: bool = True) -> None:
        self.current = dict(event.texts)
        self.rewrites: list[dict[str, str]] = []
        self.told: list[tuple[int, Reply]] = []
        self.can_rewrite = can_rewrite

    async def rewrite(self, texts: dict[str, str]) -> bool:
        if self.can_rewrite:
            self.rewrites.append(texts)
            self.current |= texts
        return self.can_rewrite

    async def tell(self, user_id: int, reply: Reply) -> bool:
        self.told.append((user_id, reply))
        return True

    async def texts_now(self) -> dict[str, str] | None:
        return self.current


EVENT_CAN = BOT_CAN | {"manage_events"}


def event(name: str, **kw: Any) -> ServerEvent:
    return ServerEvent(**({"guild_id": GUILD, "id": 6161, "creator_id": AUTHOR, "name": name} | kw))


@pytest.mark.parametrize(
    ("said", "rewritten"),
    [
        (event(SPOILS), {"name"}),
        (event("La La Land night", description=SPOILS), {"description"}),
        (event("movie night", location=SPOILS), {"location"}),
        # About the film its channel is named after; told only by its parts together.
        (
            event(
                "mia marries someone else",
                description="seb's jazz club",
                channel_id=5151,
                channel_name="la-la-land",
            ),
            {"name", "description"},
        ),
    ],
)
async def test_a_scheduled_event_that_gives_the_ending_away_is_rewritten(
    app: Epilogue, said: ServerEvent, rewritten: set[str]
) -> None:
    """A member with Create Events makes an event the whole server reads in its events list:
    the guard read messages and thread titles, never an event, and an ending put there stood
    in the open. Each part telling it is rewritten; its creator is told what it said."""
    await guard_on(app, all_films=True)
    ops = EventSeen(said)

    verdict = await app.member_spoilers.guard.check_event(said, ops, EVENT_CAN)

    assert verdict.hidden, verdict.reason
    ((changed,),) = [ops.rewrites]
    assert set(changed) == rewritten
    assert all("marries" not in text and "jazz" not in text for text in ops.current.values())
    ((told, note),) = ops.told
    assert told == AUTHOR and "marries" in hidden_text(note.content or "")
    assert "marries" not in visible_text(note.content or "")
    log = (await run(app, "spoiler-rules log")).embeds[0].description or ""
    assert "scheduled event 6161" in log and "rewritten" in log and "marries" not in log


async def test_a_scheduled_event_left_when_harmless_or_off_logged_when_it_cannot_be_rewritten(
    app: Epilogue,
) -> None:
    guard = app.member_spoilers.guard
    said = event("La La Land night", description=SPOILS)
    ops = EventSeen(said)
    assert not (await guard.check_event(said, ops, EVENT_CAN)).hidden  # guard off
    await guard_on(app, all_films=True)
    assert not (await guard.check_event(event(HARMLESS), ops, EVENT_CAN)).hidden
    assert ops.rewrites == [] and ops.told == []

    verdict = await guard.check_event(said, ops, BOT_CAN)

    assert not verdict.hidden and "Manage Events" in verdict.reason and ops.rewrites == []
    log = (await run(app, "spoiler-rules log")).embeds[0].description or ""
    assert "scheduled event 6161" in log and "by hand" in log and "marries" not in log
    # Set again as it was after a rewrite: rewritten again; a replay while rewritten is not.
    assert (await guard.check_event(said, ops, EVENT_CAN)).hidden
    assert not (await guard.check_event(said, ops, EVENT_CAN)).hidden
    ops.current = dict(said.texts)
    assert (await guard.check_event(said, ops, EVENT_CAN)).hidden
    assert len(ops.rewrites) == 2


class NameSeen:
    """``NameOps`` in memory: a member's nickname and display name as Discord has them."""

    def __init__(self, member: MemberName, *, can_change: bool = True) -> None:
        self.current: tuple[str | None, str] = (member.nick, member.global_name)
        self.nicks: list[str | None] = []
        self.told: list[tuple[int, Reply]] = []
        self.can_change = can_change

    async def set_nick(self, nick: str | None) -> bool:
        if self.can_change:
            self.nicks.append(nick)
            self.current = (nick, self.current[1])
        return self.can_change

    async def tell(self, user_id: int, reply: Reply) -> bool:
        self.told.append((user_id, reply))
        return True

    async def name_now(self) -> tuple[str | None, str] | None:
        return self.current


NAME_CAN = BOT_CAN | {"manage_nicknames"}
SPOILING_NAME = "la la land: mia marries greg, seb's jazz club"


def named(nick: str | None, global_name: str = "ann") -> MemberName:
    return MemberName(guild_id=GUILD, user_id=AUTHOR, nick=nick, global_name=global_name)


@pytest.mark.parametrize(
    ("member", "nick"),
    [
        (named(SPOILING_NAME), None),  # the nickname goes: "ann" shows
        (named(None, SPOILING_NAME), NEUTRAL_NICK),  # the display name is covered by one
        (named(SPOILING_NAME, SPOILING_NAME), NEUTRAL_NICK),
    ],
)
async def test_a_members_name_that_gives_the_ending_away_is_changed_and_they_are_told(
    app: Epilogue, member: MemberName, nick: str | None
) -> None:
    """Any member may set a nickname, which the member list shows to everyone with no message
    to hide it under: the guard withheld it only over a message it reposted, and the member
    list kept showing the ending."""
    await guard_on(app, all_films=True)
    ops = NameSeen(member)

    verdict = await app.member_spoilers.guard.check_name(member, ops, NAME_CAN)

    assert verdict.hidden, verdict.reason
    assert ops.nicks == [nick]
    ((told, note),) = ops.told
    assert told == AUTHOR and "marries" in hidden_text(note.content or "")
    assert "marries" not in visible_text(note.content or "")
    log = (await run(app, "spoiler-rules log")).embeds[0].description or ""
    # By id: Discord draws a mention as the member's name, the one that gave the ending away.
    assert f"nickname of member with id {AUTHOR}" in log and f"<@{AUTHOR}>" not in log
    assert "marries" not in log


async def test_a_nickname_removed_over_a_name_telling_another_films_ending_is_covered(
    app: Epilogue, tmp_path: Path
) -> None:
    """A nickname telling La La Land's ending over a display name telling another film's: the
    display name was read only as about La La Land, so the nickname was removed and the other
    film's ending showed in the member list in its place."""
    await guard_on(app, all_films=True)
    (tmp_path / "storm.yaml").write_bytes(
        _film(
            "Storm Light",
            2020,
            "Wren inherits the lighthouse and marries the ferryman Osric.",
            "Wren lives with her father, the lighthouse keeper, on a rock.",
        )
    )
    assert not (await app.load_content([tmp_path], guild_id=GUILD)).problems
    member = named(SPOILING_NAME, "storm light: wren weds osric the ferryman")
    ops = NameSeen(member)

    verdict = await app.member_spoilers.guard.check_name(member, ops, NAME_CAN)

    assert verdict.hidden, verdict.reason
    assert ops.nicks == [NEUTRAL_NICK]
    # A display name telling nothing shows again once the nickname goes.
    plain = named(SPOILING_NAME, "storm light fan")
    ops = NameSeen(plain)
    assert (await app.member_spoilers.guard.check_name(plain, ops, NAME_CAN)).hidden
    assert ops.nicks == [None]


async def test_a_members_name_is_left_when_harmless_or_off_and_changed_again_when_set_again(
    app: Epilogue,
) -> None:
    guard = app.member_spoilers.guard
    member = named(SPOILING_NAME)
    ops = NameSeen(member)
    assert not (await guard.check_name(member, ops, NAME_CAN)).hidden  # guard off
    await guard_on(app, all_films=True)
    assert not (await guard.check_name(named("la la land fan"), ops, NAME_CAN)).hidden
    assert not (await guard.check_name(named("mia"), ops, NAME_CAN)).hidden

    verdict = await guard.check_name(member, ops, BOT_CAN)

    assert not verdict.hidden and "Manage Nicknames" in verdict.reason and ops.nicks == []
    assert (await guard.check_name(member, ops, NAME_CAN)).hidden
    assert not (await guard.check_name(member, ops, NAME_CAN)).hidden  # a replay: changed
    ops.current = (SPOILING_NAME, "ann")  # set again
    assert (await guard.check_name(member, ops, NAME_CAN)).hidden
    assert ops.nicks == [None, None]


@pytest.mark.parametrize("rule", ["channel", "default"])
async def test_an_announcement_channel_under_a_spoilers_rule_is_guarded(
    app: Epilogue, rule: str
) -> None:
    """An announcement channel's messages can be published to every channel following it, in
    other servers, whose readers no rule here asked: a spoilers rule (its own, or the default)
    opens nothing there, for answers and for the guard alike. Its threads' messages are not
    published: they stay a spoiler channel's."""
    await guard_on(app, all_films=True)
    if rule == "channel":
        await run(app, "spoiler-rules channel", channel=ChannelRef(10, GUILD), mode="spoilers")
    else:
        await run(app, "spoiler-rules default", mode="spoilers")

    published = await check(app, SPOILS, channel_id=10, publishable=True)
    kept_here = await check(app, SPOILS, channel_id=10)
    in_a_thread = await check(app, SPOILS, channel_id=4242, parent_channel_id=10)

    assert published.hidden, published.reason
    assert not kept_here.hidden and kept_here.reason == "spoiler channel"
    assert not in_a_thread.hidden and in_a_thread.reason == "spoiler channel"


@pytest.mark.parametrize(("discord_says", "hidden"), [(False, False), (True, True), (None, True)])
async def test_a_spoiler_channel_held_as_text_is_asked_about_once_an_ending_is_found(
    app: Epilogue, discord_says: bool | None, hidden: bool
) -> None:
    """A message does not say what kind its channel is, and the adapter's cache may be behind
    (the update that made it an announcement channel lost): an ending in a channel a spoilers
    rule opens only as no announcement channel stays only if Discord, asked, says it is none.
    Not answering (None), it is hidden. Harmless talk there costs no question."""
    await guard_on(app, all_films=True)
    await run(app, "spoiler-rules channel", channel=ChannelRef(10, GUILD), mode="spoilers")
    ops = MemoryChannel(publishable=discord_says)

    harmless = await check(app, HARMLESS, ops, channel_id=10)
    asked_for_nothing = ops.kind_asked
    ending = await check(app, SPOILS, ops, channel_id=10)

    assert not harmless.hidden and asked_for_nothing == 0
    assert ending.hidden is hidden, ending.reason
    assert ops.kind_asked == 1
