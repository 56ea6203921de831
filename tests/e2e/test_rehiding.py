"""A spoiler channel turned back: Epilogue's answers there stop showing endings to everyone."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys

import pytest

import client.rehiding
from bot.command_table import command_table
from bot.dispatch import run_command
from bot.invocation import Invocation
from client.bot import EpilogueBot
from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, spoils
from tests.e2e.invariants import PromiseChecker
from tests.e2e.test_rehiding_resumed import nothing_left
from tests.standin import StandinServer
from tests.standin.records import StandinMessage
from tests.standin.world import (
    DEFAULT_EVERYONE,
    GUILD_ANNOUNCEMENT,
    MANAGE_MESSAGES,
    MANAGE_THREADS,
    READ_MESSAGE_HISTORY,
    Overwrite,
)
from tests.support.discord_markdown import hidden_text, visible_text

pytestmark = pytest.mark.usefixtures("bot")


async def _moderate(standin: StandinServer, people: FilmClub, command: str) -> str:
    result = await standin.run_command(command, user=people.moderator, channel=people.general)
    return result.message.content or ""


async def _open_answers(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> list[int]:
    """Spoilers by default, so #general and its thread show endings: one answer in each."""
    promise.allow_spoilers_in(people.general.id, people.thread.id)
    await _moderate(standin, people, "/spoiler-rules default mode:spoilers")
    ids = []
    for where in (people.general, people.thread):
        result = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=where
        )
        assert not result.message.ephemeral and spoils(result.message)
        ids.append(result.message.id)
    return ids


async def _note_with_history_refused(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, what: str
) -> StandinMessage:
    """Open answers in #general and its thread, then Read Message History denied in #general
    and the default made standard: the moderator's note on the places left out of reach."""
    await _open_answers(standin, people, promise)
    bot = people.world.bot.id
    (role,) = people.club.members[bot].roles
    people.club.roles[role].permissions = DEFAULT_EVERYONE | MANAGE_MESSAGES | MANAGE_THREADS
    await standin.role_changed(people.club, people.club.roles[role])
    people.general.overwrites = [Overwrite(bot, 1, deny=READ_MESSAGE_HISTORY)]
    await standin.channel_changed(people.general)
    result = await standin.run_command(
        "/spoiler-rules default mode:standard", user=people.moderator, channel=people.spoiler_room
    )

    def told() -> bool:
        return any("Read Message History" in m.content for m in result.messages)

    await standin.wait_for(told, what=what)
    (note,) = [m for m in result.messages if "Read Message History" in m.content]
    return note


@pytest.mark.parametrize(
    ("mode", "readable_behind_bars"), [("standard", True), ("no-spoilers", False)]
)
async def test_answers_in_a_spoiler_channel_are_hidden_when_it_stops_being_one(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    bot: EpilogueBot,
    mode: str,
    readable_behind_bars: bool,
) -> None:
    answers = await _open_answers(standin, people, promise)
    said = await _moderate(standin, people, f"/spoiler-rules default mode:{mode}")
    assert "hides again" in said

    def hidden() -> bool:
        return all(not spoils(standin.message(answer)) for answer in answers)  # type: ignore[arg-type]

    await standin.wait_for(hidden, what="the open answers hidden again")
    for answer in answers:
        now = standin.message(answer)
        assert now is not None and now.embeds[0]["title"].startswith("La La Land")
        # Wrapped where a standard channel may post spoilers behind bars; gone in a no-spoilers one.
        assert bool(behind_bars(now)) is readable_behind_bars
    await nothing_left(bot, people.club.id)  # recorded until done (test_rehiding_resumed.py)


async def test_a_channel_of_its_own_and_its_threads_leaving_spoilers(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    promise.allow_spoilers_in(people.general.id, people.thread.id)
    general = f"/spoiler-rules channel channel:{people.general.mention}"
    await _moderate(standin, people, f"{general} mode:spoilers")
    answers = []
    for where in (people.general, people.thread):
        result = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=where
        )
        assert spoils(result.message)
        answers.append(result.message.id)
    said = await _moderate(standin, people, f"{general} mode:inherit")
    assert "hides again" in said
    await standin.wait_for(
        lambda: all(not spoils(standin.message(a)) for a in answers),  # type: ignore[arg-type]
        what="the answers in #general and its thread hidden again",
    )


async def test_a_spoiler_channel_made_an_announcement_channel_hides_its_answers(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """What is posted in an announcement channel may be published to the channels following
    it, in other servers: its spoiler rule opens nothing there any more, old answers included."""
    promise.allow_spoilers_in(people.spoiler_room.id)
    room = f"/spoiler-rules channel channel:{people.spoiler_room.mention}"
    await _moderate(standin, people, f"{room} mode:spoilers")
    result = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.spoiler_room
    )
    assert spoils(result.message)

    people.spoiler_room.type = GUILD_ANNOUNCEMENT  # a moderator's "Announcement Channel" switch
    await standin.channel_changed(people.spoiler_room)
    await standin.wait_for(
        lambda: not spoils(standin.message(result.message.id)),  # type: ignore[arg-type]
        what="the answer in the channel made an announcement channel hidden again",
    )
    assert behind_bars(standin.message(result.message.id))  # type: ignore[arg-type]


EDIT = r"/channels/\d+/messages/\d+"


async def test_a_rate_limit_on_an_edit_is_waited_out_and_every_answer_hidden(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """A 429 without Google's ``Via`` (which discord.py raises at once rather than wait out)
    on an edit: the wait it names is waited out and that answer hidden too, not the channel's
    answers left showing endings."""
    answers = await _open_answers(standin, people, promise)
    standin.fail("PATCH", EDIT, 429, retry_after=0.2, via=False)
    await _moderate(standin, people, "/spoiler-rules default mode:standard")
    await standin.wait_for(
        lambda: all(not spoils(standin.message(a)) for a in answers),  # type: ignore[arg-type]
        what="both answers hidden again past the 429",
    )
    assert standin.requests_to("PATCH", EDIT)[0].status == 429


@pytest.mark.parametrize(
    ("status", "code", "told"),
    [(404, 10008, False), (400, 50035, True)],
    ids=["deleted-meanwhile", "refused"],
)
async def test_an_edit_refused_for_one_answer_leaves_the_others_hidden(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    status: int,
    code: int,
    told: bool,
) -> None:
    """One answer Discord will not edit stops only its own edit: the channel's older answers
    are hidden all the same. One deleted meanwhile (404, Unknown Message) shows nothing any
    more; one refused otherwise is counted to the moderator, to delete by hand."""
    promise.allow_spoilers_in(people.general.id)
    await _moderate(standin, people, "/spoiler-rules default mode:spoilers")
    answers = []
    for _ in range(3):
        result = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        answers.append(result.message.id)
    newest = answers[-1]  # edited first
    standin.fail("PATCH", rf"/channels/\d+/messages/{newest}", status, code=code)
    changed = await standin.run_command(
        "/spoiler-rules default mode:standard", user=people.moderator, channel=people.general
    )
    await standin.wait_for(
        lambda: all(not spoils(standin.message(a)) for a in answers[:-1]),  # type: ignore[arg-type]
        what="the older answers hidden again past the one refused",
    )
    said = "Discord refused to edit 1 of its answers in"
    if told:
        await standin.wait_for(
            lambda: any(said in m.content for m in changed.messages), what="the refusal told"
        )
    else:  # each of the four places following the default read, and the last one's edits made
        await standin.wait_for(
            lambda: len(standin.requests_to("GET", r"/channels/\d+/messages")) >= 4,
            what="every place read",
        )
        await standin.settle()
    notes = [m for m in changed.messages if said in m.content]
    assert len(notes) == told, notes
    if told:
        assert notes[0].ephemeral and people.general.mention in notes[0].content


async def test_a_channel_whose_history_the_bot_cannot_read_is_named_to_the_moderator(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """Without Read Message History Discord lists no messages (an empty page, no error), so
    nothing there can be hidden again: the moderator, told the answers are hidden again, is
    then told privately which channel kept them and what to give Epilogue."""
    note = await _note_with_history_refused(
        standin, people, promise, "the moderator told the channel was out of reach"
    )
    assert note.ephemeral
    assert people.general.mention in note.content and people.thread.mention in note.content
    assert people.spoiler_room.mention not in note.content


async def test_an_archived_threads_answers_are_hidden_too(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """A thread nobody wrote in for a day is archived: Discord's GUILD_CREATE leaves it out
    (so discord.py holds it not), yet anyone opens it and reads it. Its answers are hidden as
    an open thread's are, read through Discord's list of archived threads, and it is left
    archived again."""
    answers = await _open_answers(standin, people, promise)
    await standin.archive_thread(people.thread)
    await _moderate(standin, people, "/spoiler-rules default mode:standard")
    await standin.wait_for(
        lambda: not spoils(standin.message(answers[1])),  # type: ignore[arg-type]
        what="the archived thread's answer hidden again",
    )
    await standin.wait_for(lambda: people.thread.archived, what="the thread archived again")
    opened = [r.json for r in standin.requests_to("PATCH", rf"/channels/{people.thread.id}")]
    assert opened == [{"archived": False}, {"archived": True}], "opened once for its edits"


async def test_a_thread_archived_before_a_page_of_others_is_found_too(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Discord lists a channel's archived threads a page at a time, archived last first: a
    thread archived before a page of others is on a later page (``before``, ``has_more``), and
    its answer shows its ending as long as the thread exists. Pages of two here, three threads."""
    monkeypatch.setattr(client.rehiding, "ARCHIVED_PAGE", 2)
    answers = await _open_answers(standin, people, promise)
    await standin.archive_thread(people.thread)
    for n in range(2):
        people.club.thread(f"idle-{n}", people.general).archived = True
    await _moderate(standin, people, "/spoiler-rules default mode:standard")
    await standin.wait_for(
        lambda: not spoils(standin.message(answers[1])),  # type: ignore[arg-type]
        what="the answer in the thread archived first hidden again",
    )
    listed = standin.requests_to("GET", rf"/channels/{people.general.id}/threads/archived/public")
    assert len(listed) == 2, "a second page asked for, and no third"


async def test_an_archived_thread_epilogue_may_not_open_is_named_to_the_moderator(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """Without Manage Threads Epilogue cannot unarchive a thread to edit in it (Discord refuses
    an edit in an archived thread, 50083): the moderator reads which thread and what to give."""
    await _open_answers(standin, people, promise)
    bot = people.world.bot.id
    (role,) = people.club.members[bot].roles
    people.club.roles[role].permissions = DEFAULT_EVERYONE | MANAGE_MESSAGES
    await standin.role_changed(people.club, people.club.roles[role])
    await standin.archive_thread(people.thread)
    result = await standin.run_command(
        "/spoiler-rules default mode:standard", user=people.moderator, channel=people.spoiler_room
    )

    def told() -> bool:
        return any("Manage Threads" in m.content for m in result.messages)

    await standin.wait_for(told, what="the moderator told the thread could not be opened")
    (note,) = [m for m in result.messages if "Manage Threads" in m.content]
    assert note.ephemeral and people.thread.mention in note.content
    assert people.general.mention not in note.content, "#general's answer was hidden"
    assert people.thread.archived


async def test_a_channels_edit_rate_limit_is_kept_to_and_every_answer_hidden(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """Discord limits a channel's message edits (a bucket its ``X-RateLimit-*`` headers
    describe, 429 past it): hiding a channel's answers again keeps to it and finishes."""
    promise.allow_spoilers_in(people.general.id)
    await _moderate(standin, people, "/spoiler-rules default mode:spoilers")
    answers = []
    for _ in range(5):
        result = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        answers.append(result.message.id)
    standin.edits_per_window = (2, 0.3)
    await _moderate(standin, people, "/spoiler-rules default mode:standard")
    await standin.wait_for(
        lambda: all(not spoils(standin.message(a)) for a in answers),  # type: ignore[arg-type]
        what="every answer hidden again within the channel's edit limit",
    )
    statuses = [r.status for r in standin.requests_to("PATCH", EDIT)]
    assert statuses.count(200) == len(answers), statuses


async def test_the_places_left_are_named_a_thread_behind_bars_and_a_channel_in_the_clear(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    """Discord draws a thread's mention as its title now, a member's words: the threads hiding
    again could not reach are ones the moderator never named (those under the channel whose
    rule changed), so the note names each behind bars, as the log and ``show`` do; the
    channel, a name moderators chose, in the clear."""
    note = await _note_with_history_refused(
        standin, people, promise, "the moderator told the places out of reach"
    )
    shown = visible_text(note.content)
    assert people.general.mention in shown
    assert people.thread.mention not in shown, note.content
    assert people.thread.mention in hidden_text(note.content)


async def test_a_rule_changed_in_the_console_hides_the_answers_again_without_a_restart(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    bot: EpilogueBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The console changes a server's rules in the bot's database, and says Epilogue hides
    its answers again: it records the re-hiding for the process holding the server, which
    did it only when the server was next sent to it (a restart), the endings open till then.
    That process finds it within a minute, reading the rules anew."""
    answers = await _open_answers(standin, people, promise)
    in_the_console = Invocation(
        user_id=people.moderator.id,
        guild_id=people.club.id,
        channel_id=people.general.id,
        permissions=frozenset({"manage_guild"}),
    )
    said = await run_command(
        bot.app, command_table()["spoiler-rules default"], in_the_console, {"mode": "standard"}
    )
    assert "hides again" in (said.content or "")
    monkeypatch.setattr(client.rehiding, "UNSTARTED_AFTER", dt.timedelta(0), raising=False)
    # discord.py loads an extension as a module of its own (``load_extension``).
    sweeps = getattr(sys.modules["cogs.spoiler_rules"], "_sweeps", {})
    assert id(bot) in sweeps, "no process looks for re-hidings recorded elsewhere"
    sweeps[id(bot)].change_interval(seconds=0.01)

    await standin.wait_for(
        lambda: not any(spoils(standin.message(a)) for a in answers),  # type: ignore[arg-type]
        what="the answers hidden again after the console's change",
    )
    await nothing_left(bot, people.club.id)


async def test_an_edit_that_failed_for_a_passing_reason_is_tried_again_by_the_sweep(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    bot: EpilogueBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Discord failing an edit past its tries (a 503 each time) is no refusal: the run is
    left recorded, not finished, and the minute's sweep hides the answer once Discord takes
    the edit; before, the record was deleted and the answer stayed open for good."""
    promise.allow_spoilers_in(people.general.id)
    await _moderate(standin, people, "/spoiler-rules default mode:spoilers")
    answers = []
    for _ in range(3):
        result = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        answers.append(result.message.id)
    *older, failing = answers  # edited newest first
    standin.fail("PATCH", rf"/channels/\d+/messages/{failing}", 503, times=3)
    await _moderate(standin, people, "/spoiler-rules default mode:standard")
    await standin.wait_for(
        lambda: not any(spoils(standin.message(a)) for a in older),  # type: ignore[arg-type]
        what="the older answers hidden past the one that failed",
    )
    for _ in range(100):  # the run over (its last place's edits made)
        if not client.rehiding._running:
            break
        await asyncio.sleep(0.05)
    assert spoils(standin.message(failing))  # type: ignore[arg-type]
    (pending,) = await bot.app.rehidings.of_guild(people.club.id)
    assert pending.places is not None and people.general.id in pending.places, pending

    monkeypatch.setattr(client.rehiding, "UNSTARTED_AFTER", dt.timedelta(0))
    sweeps = getattr(sys.modules["cogs.spoiler_rules"], "_sweeps", {})
    sweeps[id(bot)].change_interval(seconds=0.01)
    await standin.wait_for(
        lambda: not any(spoils(standin.message(a)) for a in answers),  # type: ignore[arg-type]
        what="the answers whose edits failed hidden by the sweep",
    )
    await nothing_left(bot, people.club.id)


async def _run_over() -> None:
    """The re-hiding run in this process over (its last place's edits made)."""
    for _ in range(100):
        if not client.rehiding._running:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still running: {client.rehiding._running}")


async def _swept(bot: EpilogueBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The minute's sweep, driven once now (no wait for its minute)."""
    monkeypatch.setattr(client.rehiding, "UNSTARTED_AFTER", dt.timedelta(0))
    await client.rehiding.sweep_unfinished(bot)


ARCHIVED_LISTING = r"/channels/\d+/threads/archived/public"
MALFORMED_PAGE = ("application/json", '{"threads": [{"id": "1"}], "has_more": false}')
"""A page of archived threads a stand-in answered 200 with, describing a thread in part: no
name, parent, owner or metadata (discord.py raises reading it, no ``HTTPException``)."""


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param({"status": 503, "times": 3}, id="5xx past its tries"),
        pytest.param(
            # Without Google's ``Via`` discord.py raises it at once (with it, it waits it out).
            {"status": 429, "retry_after": 3600.0, "via": False},
            id="429 longer than waited",
        ),
        pytest.param({"status": 200, "framework_body": MALFORMED_PAGE}, id="malformed page"),
    ],
)
async def test_an_archived_thread_listing_that_failed_is_listed_again_by_the_sweep(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    bot: EpilogueBot,
    monkeypatch: pytest.MonkeyPatch,
    failure: dict[str, object],
) -> None:
    """Discord (or a stand-in) failing the list of a channel's archived threads for a passing
    reason (a 5xx past its tries, a rate limit longer than Epilogue waits, a page it could not
    read) is no refusal: the channel's own answers are hidden all the same, its archived
    threads stay recorded to be listed, and the minute's sweep lists them and hides their
    answers. Before, the channel was named as unreadable (Read Message History, wrong advice)
    and the record deleted, or a malformed page ended the whole run: the thread's ending, or
    every place's, stayed open for good."""
    answers = await _open_answers(standin, people, promise)
    await standin.archive_thread(people.thread)
    standin.fail("GET", ARCHIVED_LISTING, **failure)  # type: ignore[arg-type]
    result = await standin.run_command(
        "/spoiler-rules default mode:standard", user=people.moderator, channel=people.spoiler_room
    )
    await standin.wait_for(
        lambda: not spoils(standin.message(answers[0])),  # type: ignore[arg-type]
        what="#general's answer hidden past its threads' listing",
    )
    await _run_over()
    assert not any("Read Message History" in m.content for m in result.messages), (
        "a passing failure told as a missing permission"
    )
    (pending,) = await bot.app.rehidings.of_guild(people.club.id)
    assert people.general.id in pending.unlisted, pending

    await _swept(bot, monkeypatch)
    assert not spoils(standin.message(answers[1])), "the archived thread's answer left open"  # type: ignore[arg-type]
    assert people.thread.archived, "archived again"
    await nothing_left(bot, people.club.id)


MALFORMED_MESSAGES = ("application/json", '[{"id": "1", "content": "half a message"}]')
"""A page of a channel's messages a stand-in answered 200 with, a message described in part."""


async def test_a_malformed_page_of_messages_leaves_its_place_to_the_sweep_not_the_whole_run(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    bot: EpilogueBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """#general's latest messages answered with a page discord.py cannot read: the run goes
    on to the thread, and #general stays recorded for the minute's sweep. Before, the error
    ended the run, every place after #general left showing endings, and the sweep met the
    same page first each minute."""
    answers = await _open_answers(standin, people, promise)
    standin.fail(
        "GET", rf"/channels/{people.general.id}/messages", 200, framework_body=MALFORMED_MESSAGES
    )
    await _moderate(standin, people, "/spoiler-rules default mode:standard")
    await standin.wait_for(
        lambda: not spoils(standin.message(answers[1])),  # type: ignore[arg-type]
        what="the thread's answer hidden past #general's malformed page",
    )
    await _run_over()
    (pending,) = await bot.app.rehidings.of_guild(people.club.id)
    assert pending.places is not None and people.general.id in pending.places, pending

    await _swept(bot, monkeypatch)
    assert not spoils(standin.message(answers[0])), "#general's answer left open"  # type: ignore[arg-type]
    await nothing_left(bot, people.club.id)


async def test_an_archived_thread_whose_opening_failed_for_a_passing_reason_is_tried_again(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    bot: EpilogueBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opening an archived thread for its edits answered 503 past its tries is no refusal:
    the thread stays recorded for the minute's sweep, and the moderator is not told Epilogue
    lacks Manage Threads. Before, the edit's own refusal (archived, 50083) was raised, so the
    thread was named as one Epilogue may not open, and its answer left open for good."""
    answers = await _open_answers(standin, people, promise)
    await standin.archive_thread(people.thread)
    standin.fail("PATCH", rf"/channels/{people.thread.id}", 503, times=3)
    result = await standin.run_command(
        "/spoiler-rules default mode:standard", user=people.moderator, channel=people.spoiler_room
    )
    await standin.wait_for(
        lambda: not spoils(standin.message(answers[0])),  # type: ignore[arg-type]
        what="#general's answer hidden",
    )
    await _run_over()
    assert not any("Manage Threads" in m.content for m in result.messages), (
        "a passing failure told as a missing permission"
    )
    (pending,) = await bot.app.rehidings.of_guild(people.club.id)
    assert pending.places is not None and people.thread.id in pending.places, pending

    await _swept(bot, monkeypatch)
    assert not spoils(standin.message(answers[1])), "the archived thread's answer left open"  # type: ignore[arg-type]
    assert people.thread.archived
    await nothing_left(bot, people.club.id)


@pytest.mark.xfail(
    strict=True,
    reason="known gap: only each place's latest REHIDE_REACH messages are read (the moderator is"
    " told to delete older answers by hand); a fix records the open answers' ids as they are"
    " posted (docs/members-spoilers.md, 'How far back re-hiding reads')",
)
async def test_an_answer_older_than_the_reach_is_hidden_too(
    standin: StandinServer,
    people: FilmClub,
    promise: PromiseChecker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An open answer with more messages after it than re-hiding reads (100; 2 here) still
    shows its ending once the channel stops showing spoilers."""
    monkeypatch.setattr(client.rehiding, "REHIDE_REACH", 2)
    answers = await _open_answers(standin, people, promise)
    for n in range(2):
        await standin.member_says(f"chatting {n}", user=people.member, channel=people.general)
    await _moderate(standin, people, "/spoiler-rules default mode:standard")
    await standin.wait_for(
        lambda: not spoils(standin.message(answers[1])),  # type: ignore[arg-type]
        what="the thread's answer hidden",
    )
    await _run_over()
    assert not spoils(standin.message(answers[0])), "an answer past the reach left open"  # type: ignore[arg-type]
