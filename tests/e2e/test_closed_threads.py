"""Threads a moderator closed: locked ("Lock thread"), and often archived too ("Close and lock
post").

Discord refuses every post there to whoever may not unlock it (400, 50083 "Thread is archived"
once archived, 160005 "Thread is locked" before): a member's command or press is never answered
through the interaction, not even privately or with "thinking…" (discord/discord-api-docs#5517),
a webhook's post is refused, and a message in any archived thread is deleted only once the
thread is unarchived. The stand-in does the same (``Channel.locked``,
``StandinServer.archive_thread(locked=True)``, ``StandinServer.lock_thread``).
"""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, shown
from tests.standin import StandinServer
from tests.standin.world import ADMINISTRATOR, ALL_PERMISSIONS, MANAGE_THREADS, Channel

pytestmark = pytest.mark.usefixtures("bot")

SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"
CALLBACK = r"/interactions/\d+/[^/]+/callback"


async def _close(standin: StandinServer, thread: Channel, archived: bool) -> None:
    if archived:
        await standin.archive_thread(thread, locked=True)
    else:
        await standin.lock_thread(thread)


closings = pytest.mark.parametrize("archived", [True, False], ids=["archived", "locked-only"])


async def _command_in(standin: StandinServer, command: str, user: object, channel: object) -> None:
    """Send ``command`` as Discord would, without waiting for an answer that cannot come."""
    where = standin._context(user, None, channel, None, False)
    data = standin._command_data(command, where, None, focused=None)
    await standin.send_interaction(2, where, data)


@closings
@pytest.mark.parametrize(
    "command",
    [f"/film ending film:{LA_LA_LAND}", "/film ending film:No Such Film At All"],
    ids=["film-answer", "error"],
)
async def test_a_command_in_a_closed_thread_reaches_the_member_privately(
    standin: StandinServer, people: FilmClub, command: str, archived: bool
) -> None:
    """The member read 'The application did not respond' (or nothing at all): the callback and
    the error after it were both refused. Now they are told by DM: an answer for the channel
    (its ending written under the thread's rule) only that it cannot be given there, a private
    error as it is."""
    await _close(standin, people.thread, archived)

    await _command_in(standin, command, people.member, people.thread)
    await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="a DM")

    (note,) = standin.dms_to(people.member)
    assert "locked" in note.content and people.thread.mention in note.content, note.content
    assert "marries" not in note.content.casefold() and not note.embeds
    assert standin.messages_in(people.thread) == []
    assert [r.status for r in standin.requests_to("POST", CALLBACK)] == [400], (
        "a refusal that holds is not tried again (it counts towards Discord's ban)"
    )


async def test_a_page_turned_in_a_thread_closed_since_reaches_the_member_privately(
    standin: StandinServer, people: FilmClub
) -> None:
    """A button on an answer from before the thread was closed (Discord's phone app still
    lets it be pressed)."""
    ending = (
        await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.thread
        )
    ).message
    await standin.archive_thread(people.thread, locked=True)
    where = standin._message_context(dict(ending.raw), people.friend)
    data = {"custom_id": ending.button_id("Next"), "component_type": 2}
    await standin.send_interaction(3, where, data, message=standin._as_pressed(dict(ending.raw)))
    await standin.wait_for(lambda: bool(standin.dms_to(people.friend)), what="a DM")

    (note,) = standin.dms_to(people.friend)
    assert "locked" in note.content and people.thread.mention in note.content, note.content
    assert "marries" not in note.content.casefold()


@closings
async def test_hide_as_spoiler_in_a_closed_thread_hides_it_and_leaves_it_closed(
    standin: StandinServer, people: FilmClub, archived: bool
) -> None:
    """A moderator who may unarchive the thread hides a member's ending there: the webhook's
    repost was refused (50083, 160005) and the original stayed up, in the open. The bot (Manage
    Threads) opens the thread for the repost and the delete, then closes it again."""
    people.moderators.permissions |= MANAGE_THREADS
    said = await standin.member_says(SPOILER, user=people.member, channel=people.thread)
    await _close(standin, people.thread, archived)

    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.moderator)

    assert "Hidden as a spoiler" in hidden.message.content, hidden.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(people.thread)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    assert people.thread.locked and people.thread.archived == archived, "left as it was closed"


@closings
async def test_hide_as_spoiler_where_the_bot_may_not_open_the_thread_says_why(
    standin: StandinServer, people: FilmClub, archived: bool
) -> None:
    """Without Manage Threads the thread stays closed, and the original with it: the
    moderator reads what Epilogue needs, not a bare status and code."""
    people.moderators.permissions |= MANAGE_THREADS
    (bot_role,) = [r for r in people.club.roles.values() if r.managed]
    bot_role.permissions = ALL_PERMISSIONS & ~ADMINISTRATOR & ~MANAGE_THREADS
    said = await standin.member_says(SPOILER, user=people.member, channel=people.thread)
    await _close(standin, people.thread, archived)

    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.moderator)

    assert "Manage Threads" in hidden.message.content, hidden.message.content
    assert standin.message(said.id) is not None
    assert people.thread.locked and people.thread.archived == archived


@closings
async def test_hide_as_spoiler_by_a_member_in_a_closed_thread_tells_them_privately(
    standin: StandinServer, people: FilmClub, archived: bool
) -> None:
    """Hide as spoiler acknowledges first ("thinking…"), which Discord refuses there too: the
    member is told by DM, and nothing is done (the repost's note could not reach them)."""
    said = await standin.member_says(SPOILER, user=people.member, channel=people.thread)
    await _close(standin, people.thread, archived)

    hiding = asyncio.ensure_future(
        standin.run_message_command("Hide as spoiler", said, user=people.member)
    )
    try:
        await standin.wait_for(lambda: bool(standin.dms_to(people.member)), what="a DM")
    finally:
        hiding.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await hiding

    (note,) = standin.dms_to(people.member)
    assert "locked" in note.content and people.thread.mention in note.content, note.content
    assert standin.message(said.id) is not None and standin.messages_in(people.thread) != []
    assert [r.status for r in standin.requests_to("POST", CALLBACK)] == [400]
