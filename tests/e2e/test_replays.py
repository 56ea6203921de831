"""The same interaction delivered twice (a gateway replay, two processes holding one shard):
the second handling meets Discord's 40060 "already acknowledged" and must not take the answer
already there for its own. It may have decided another audience (the rules or the asker's
opt-ins moved between the two, or one process's memory of them lagged), and writing a private
answer into a public message would show it to the channel."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from client import slash
from tests.e2e.harness import (
    LA_LA_LAND,
    FilmClub,
    behind_bars,
    footer,
    shown,
    spoils,
)
from tests.e2e.test_spoiler_guard import HARMLESS, SPOILS, THREAD_SPOILS, turn_on
from tests.standin import StandinServer
from tests.standin.world import snowflake
from tests.support.fake_discord import settle as discord_tasks_done


async def replay(standin: StandinServer, payload: dict[str, object], before: int) -> None:
    """Deliver ``payload`` again and wait until the bot has answered it (``before``: how many
    requests its token had seen)."""
    record = next(r for r in standin.interactions if r.payload is payload)
    await standin.gateway.dispatch("INTERACTION_CREATE", payload)
    # Its callback at least (refused, 40060); an edit or a follow-up after it, if any, is
    # made before the bot's tasks are done.
    await standin.wait_for(lambda: len(record.requests) >= before + 1, what="the second answer")
    await standin.settle()
    await discord_tasks_done()
    await standin.settle()


async def _replayed(standin: StandinServer, event: str, payload: dict[str, Any]) -> None:
    """``event`` delivered again with an older ``payload``, as a RESUME replays it, and read."""
    await standin.gateway.dispatch(event, payload)
    await standin.settle()
    await discord_tasks_done()


async def _hidden(standin: StandinServer, text: str, user: Any, channel: Any) -> None:
    """``user`` posts ``text`` in ``channel``; the guard must take it down."""
    said = await standin.member_says(text, user=user, channel=channel)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize(
    "command",
    [f"/film ending film:{LA_LA_LAND}", f"/film faq film:{LA_LA_LAND} question:2"],
    ids=["answered at once", "thinking first"],
)
async def test_a_replayed_command_never_writes_a_private_answer_into_a_public_one(
    standin: StandinServer, people: FilmClub, command: str
) -> None:
    asked = await standin.run_command(command, user=people.member, channel=people.general)
    (answer,) = asked.messages
    assert not answer.ephemeral and not spoils(answer), "public and wrapped"
    # Between the two deliveries she marks the film seen: the second handling decides a
    # private, unwrapped answer, ready at once (answers are rendered ahead for readers who
    # opted in), or, for one FAQ question (not rendered ahead) delivered late, after
    # "thinking…", privately (an interaction that waited is acknowledged at once).
    await standin.run_command(
        f"/spoilers seen film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    if "question" in command:
        # Older than the wait for a ready answer (read now: the harness scales it on a busy
        # machine, ``product_deadlines_scaled``).
        await asyncio.sleep(slash.ACKNOWLEDGE_BY_S)
    await replay(standin, asked.record.payload, len(asked.record.requests))
    refused = [r.json.get("type") for r in asked.record.requests if r.status == 400 and r.json]
    thinking = "question" in command
    assert refused == [5 if thinking else 4], "the second handling's answer met 40060"

    public = standin.message(answer.id)
    assert public is not None and not spoils(public), public.content


@pytest.mark.usefixtures("bot")
async def test_a_private_answer_never_follows_into_another_handlings_public_thinking(
    standin: StandinServer, people: FilmClub
) -> None:
    """Another process holding the same shard acknowledged the command first, for everyone
    ("thinking…", its answer still on its way). Discord folds the first follow-up after a
    "thinking…" into that message, whatever the follow-up's own flags: the private answer may
    not be that follow-up."""
    await standin.run_command(
        f"/spoilers seen film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    dispatch = standin.gateway.dispatch

    async def acknowledged_elsewhere_first(event: str, data: dict[str, Any]) -> int:
        if event == "INTERACTION_CREATE":
            url = f"{standin.api_base}/interactions/{data['id']}/{data['token']}/callback"
            async with aiohttp.ClientSession() as http, http.post(url, json={"type": 5}) as sent:
                assert sent.status in (200, 204), await sent.text()
        return await dispatch(event, data)

    standin.gateway.dispatch = acknowledged_elsewhere_first  # type: ignore[method-assign]
    try:
        asked = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
    finally:
        del standin.gateway.dispatch
    await discord_tasks_done()
    await standin.settle()
    public = [m for m in map(standin.message, asked.record.message_ids) if m and not m.ephemeral]
    assert public and not any(spoils(message) for message in public)
    private = [m for m in map(standin.message, asked.record.message_ids) if m and m.ephemeral]
    assert any("Sebastian" in message.embeds[0].get("description", "") for message in private)


class HeldEvents:
    """The gateway between the stand-in and the bot, as a network that replays and reorders:
    every message event is kept, and MESSAGE_CREATE can be held back to arrive late."""

    def __init__(self, standin: StandinServer) -> None:
        self.standin = standin
        self.dispatch = standin.gateway.dispatch
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.holding = False
        self.held: list[dict[str, Any]] = []

    async def __call__(self, event: str, data: dict[str, Any]) -> int:
        if event.startswith("MESSAGE_"):
            self.sent.append((event, json.loads(json.dumps(data))))
        if event == "MESSAGE_CREATE" and self.holding:
            self.held.append(data)
            return 0
        return await self.dispatch(event, data)

    def of(self, message_id: int, event: str) -> list[dict[str, Any]]:
        return [d for e, d in self.sent if e == event and d.get("id") == str(message_id)]

    async def again(self, event: str, data: dict[str, Any]) -> None:
        """Deliver ``data`` (once more, or late) and let the bot finish with it."""
        await self.dispatch(event, data)
        await self.standin.settle()
        await discord_tasks_done()
        await self.standin.settle()


@pytest.fixture
def events(standin: StandinServer) -> Iterator[HeldEvents]:
    held = HeldEvents(standin)
    standin.gateway.dispatch = held  # type: ignore[method-assign]
    yield held
    del standin.gateway.dispatch


@pytest.mark.usefixtures("guarded_bot")
async def test_a_message_event_delivered_again_is_reposted_once(
    standin: StandinServer, people: FilmClub, events: HeldEvents
) -> None:
    await turn_on(standin, people)
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()
    (created,) = events.of(said.id, "MESSAGE_CREATE")
    # A RESUME's replay, another process on the shard: the same event, twice more at once.
    await asyncio.gather(*(events.again("MESSAGE_CREATE", created) for _ in range(2)))
    (repost,) = standin.messages_in(people.general)
    assert "marries" not in shown(repost) and "marries" in behind_bars(repost)


@pytest.mark.usefixtures("guarded_bot")
async def test_an_edit_that_arrives_before_its_message_is_hidden_and_the_late_one_never_reposted(
    standin: StandinServer, people: FilmClub, events: HeldEvents
) -> None:
    await turn_on(standin, people)
    events.holding = True
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.member_edits(said, f"{SPOILS} (edited)")
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the edit's hide")
    (late,) = [data for data in events.held if data["id"] == str(said.id)]
    await events.again("MESSAGE_CREATE", late)
    (repost,) = standin.messages_in(people.general)
    assert "(edited)" in behind_bars(repost) and "marries" not in shown(repost)


@pytest.mark.usefixtures("guarded_bot")
async def test_an_edit_that_arrives_after_its_message_was_deleted_reposts_nothing(
    standin: StandinServer, people: FilmClub, events: HeldEvents
) -> None:
    await turn_on(standin, people)
    said = await standin.member_says(HARMLESS, user=people.member, channel=people.general)
    (created,) = events.of(said.id, "MESSAGE_CREATE")
    await standin.member_deletes(said)  # and the edit she made before, late, comes after
    await events.again("MESSAGE_UPDATE", {**created, "content": SPOILS})
    assert standin.messages_in(people.general) == []


ASKED = [
    f"/film info film:{LA_LA_LAND}",
    f"/film quick film:{LA_LA_LAND}",
    f"/film recap film:{LA_LA_LAND}",
    f"/film ending film:{LA_LA_LAND}",
    f"/film themes film:{LA_LA_LAND}",
    f"/film faq film:{LA_LA_LAND}",
    "/film search query:jazz",
]
MEANWHILE = {
    "she marks it seen": (f"/spoilers seen film:{LA_LA_LAND}", "member"),
    "she opts in to all films": ("/spoilers on", "member"),
    "the channel goes no-spoilers": (
        "/spoiler-rules channel channel:{general} mode:no-spoilers",
        "moderator",
    ),
    "an embargo": (f"/spoiler-rules embargo film:{LA_LA_LAND} until:2099-01-01", "moderator"),
}


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("meanwhile", list(MEANWHILE))
@pytest.mark.parametrize(
    "command", ASKED, ids=[c.split(" film:")[0].split(" query")[0] for c in ASKED]
)
async def test_any_answer_delivered_again_after_a_change_keeps_the_promise(
    standin: StandinServer, people: FilmClub, command: str, meanwhile: str
) -> None:
    """Every topic and the search, asked in public, then delivered again after the rules or
    the asker's opt-ins moved: the public answer shows no more than before (the fixture's
    promise check reads every payload, the second handling's edits and follow-ups too)."""
    asked = await standin.run_command(command, user=people.member, channel=people.general)
    change, who = MEANWHILE[meanwhile]
    done = await standin.run_command(
        change.format(general=f"<#{people.general.id}>"),
        user=getattr(people, who),
        channel=people.general,
    )
    assert not done.message.content.startswith("⚠️"), done.message.content
    await replay(standin, asked.record.payload, len(asked.record.requests))
    for message in asked.messages:
        now = standin.message(message.id)
        assert now is None or message.ephemeral or not spoils(now)


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("meanwhile", list(MEANWHILE))
async def test_a_page_turn_delivered_again_after_a_change_keeps_the_promise(
    standin: StandinServer, people: FilmClub, meanwhile: str
) -> None:
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    turned = await standin.press_button(
        asked.message, asked.message.button_id("Next"), user=people.member
    )
    change, who = MEANWHILE[meanwhile]
    await standin.run_command(
        change.format(general=f"<#{people.general.id}>"),
        user=getattr(people, who),
        channel=people.general,
    )
    await replay(standin, turned.record.payload, len(turned.record.requests))
    now = standin.message(asked.message.id)
    assert now is not None and not spoils(now)


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("acknowledged_first", [False, True], ids=["at once", "taken first"])
async def test_a_page_turn_delivered_again_never_turns_a_later_page_back(
    standin: StandinServer,
    people: FilmClub,
    monkeypatch: pytest.MonkeyPatch,
    acknowledged_first: bool,
) -> None:
    """A press delivered again after the member turned on (a gateway replay, a second process
    on the shard): its first handling answered, so Discord refuses the second's update (40060).
    That refusal is not one of this handling's own tries taken while its answer was lost (no
    try of it failed first): the page the member has turned to since stays. It edited the
    message back to the page the old press asked for."""
    if acknowledged_first:
        monkeypatch.setattr("client.slash.READY_WITHIN_S", 0.0)  # taken before it is worked out
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    first = await standin.press_button(
        asked.message, asked.message.button_id("Next"), user=people.member
    )
    await standin.press_button(asked.message, asked.message.button_id("Next"), user=people.member)
    before = len(first.record.requests)

    await replay(standin, first.record.payload, before)

    page = standin.message(asked.message.id)
    assert page is not None and "Page 3/3" in footer(page), footer(page)
    assert [r.status for r in first.record.requests[before:]] == [400], "refused, and no edit"


@pytest.mark.usefixtures("guarded_bot")
async def test_a_spoiler_a_hide_left_in_the_open_is_hidden_when_it_comes_back(
    standin: StandinServer, people: FilmClub
) -> None:
    """The guard reposted a spoiler hidden, but Discord refused to delete the original: that
    version was remembered as hidden all the same. Its author edited it to harmless talk and
    then back, word for word, and the edit (as a replay of the first event would) was taken
    for a message already hidden: the ending stayed in the open."""
    await turn_on(standin, people)
    standin.fail("DELETE", rf"/channels/{people.general.id}/messages/\d+", 403, code=50013)
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: len(standin.messages_in(people.general)) == 2, what="the repost")
    await discord_tasks_done()
    assert standin.message(said.id) is not None, "Discord refused the delete"

    await standin.member_edits(said, HARMLESS)
    await discord_tasks_done()
    await standin.member_edits(said, SPOILS)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the second hide")
    for message in standin.messages_in(people.general):
        assert "marries" not in shown(message), shown(message)


@pytest.mark.usefixtures("guarded_bot")
async def test_an_old_edit_delivered_again_never_lets_its_text_back_unread(
    standin: StandinServer, people: FilmClub, events: HeldEvents
) -> None:
    """The guard's hide of an edit was left in the open (Discord refused the delete); its
    author edited it to harmless talk. A RESUME then replayed the spoiling edit: the guard
    took its text for the one last read, so when the author put it back, word for word, the
    edit was skipped as 'nothing new' and the ending stayed in the open."""
    await turn_on(standin, people)
    said = await standin.member_says(HARMLESS, user=people.member, channel=people.general)
    standin.fail("DELETE", rf"/channels/{people.general.id}/messages/\d+", 403, code=50013)
    await standin.member_edits(said, SPOILS)
    await standin.wait_for(lambda: len(standin.messages_in(people.general)) == 2, what="repost")
    await discord_tasks_done()
    (spoiling,) = events.of(said.id, "MESSAGE_UPDATE")
    await standin.member_edits(said, HARMLESS)
    await discord_tasks_done()
    await events.again("MESSAGE_UPDATE", spoiling)  # the replay: older than the text shown

    await standin.member_edits(said, SPOILS)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the second hide")
    for message in standin.messages_in(people.general):
        assert "marries" not in shown(message), shown(message)


@pytest.mark.usefixtures("guarded_bot")
async def test_an_old_thread_title_delivered_again_never_lets_it_back_unread(
    standin: StandinServer, people: FilmClub
) -> None:
    """The guard renamed a thread whose title stated the ending; a RESUME replayed the
    creator's rename to it. discord.py took the replay's name for the thread's, so when the
    creator put the title back, the update looked like no change at all and was not read."""
    await turn_on(standin, people)
    thread = await standin.member_starts_thread(
        "la la land rewatch", user=people.member, parent=people.general
    )
    thread.name = THREAD_SPOILS
    spoiling = {**thread.payload(), "guild_id": str(thread.guild_id)}
    await standin.thread_changed(thread)
    await standin.wait_for(lambda: thread.name != THREAD_SPOILS, what="the rename")
    await discord_tasks_done()

    await _replayed(standin, "THREAD_UPDATE", spoiling)
    assert thread.name != THREAD_SPOILS

    thread.name = THREAD_SPOILS  # its creator puts the title back
    await standin.thread_changed(thread)
    await standin.wait_for(lambda: thread.name != THREAD_SPOILS, what="the second rename")


@pytest.mark.usefixtures("guarded_bot")
async def test_an_old_text_read_before_an_embargo_is_read_again_when_put_back(
    standin: StandinServer, people: FilmClub, events: HeldEvents
) -> None:
    """The same, read under older rules: a spoiler of a film nobody had embargoed yet was left,
    its author edited it to harmless talk, and the first event came again (a replay). Once the
    film is embargoed, the author putting the spoiler back is an edit the guard must read."""
    done = await standin.run_command(
        "/spoiler-rules guard enabled:true", user=people.moderator, channel=people.general
    )
    assert "✅" in done.message.content, done.message.content
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    (created,) = events.of(said.id, "MESSAGE_CREATE")
    await standin.member_edits(said, HARMLESS)
    await events.again("MESSAGE_CREATE", created)
    done = await standin.run_command(
        f"/spoiler-rules embargo film:{LA_LA_LAND} until:2099-01-01",
        user=people.moderator,
        channel=people.general,
    )
    assert "✅" in done.message.content, done.message.content

    await standin.member_edits(said, SPOILS)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")


@pytest.mark.usefixtures("guarded_bot")
async def test_an_old_version_delivered_again_never_unnames_the_film_a_follow_up_is_about(
    standin: StandinServer, people: FilmClub, events: HeldEvents
) -> None:
    """A member wrote 'just watched it', edited it to name the film, then sent the ending
    without naming it: a follow-up, about the film the message before it names. A replay of
    the first message's old version came between: the guard took its words for what that
    message names now, and the ending was left as about no film."""
    await turn_on(standin, people)
    said = await standin.member_says(
        "just watched it, wow", user=people.member, channel=people.general
    )
    (created,) = events.of(said.id, "MESSAGE_CREATE")
    await standin.member_edits(said, f"just watched {LA_LA_LAND}, wow")
    await events.again("MESSAGE_CREATE", created)

    ending = "mia marries someone else and they meet again in seb's jazz club"
    then = await standin.member_says(ending, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(then.id) is None, what="the follow-up's hide")


@pytest.mark.usefixtures("guarded_bot")
async def test_a_title_put_back_during_an_outage_is_read_after_a_replay_of_it(
    standin: StandinServer, people: FilmClub
) -> None:
    """The guard renamed a thread whose title stated the ending, and a replay of the creator's
    rename came after. The guard took that title for the one the thread bears (to tell, when
    the server comes back from an outage, the titles changed meanwhile): the creator put it
    back during the outage, and the server's return listed it as unchanged."""
    await turn_on(standin, people)
    thread = await standin.member_starts_thread(
        "la la land rewatch", user=people.member, parent=people.general
    )
    thread.name = THREAD_SPOILS
    spoiling = {**thread.payload(), "guild_id": str(thread.guild_id)}
    await standin.thread_changed(thread)
    await standin.wait_for(lambda: thread.name != THREAD_SPOILS, what="the rename")
    await discord_tasks_done()
    await _replayed(standin, "THREAD_UPDATE", spoiling)

    await standin.guild_outage(people.club)
    thread.name = THREAD_SPOILS  # put back: no THREAD_UPDATE, the server is out
    await standin.guild_back(people.club)
    await standin.wait_for(lambda: thread.name != THREAD_SPOILS, what="the second rename")


@pytest.mark.usefixtures("guarded_bot")
async def test_an_old_thread_name_delivered_again_never_takes_the_film_from_its_messages(
    standin: StandinServer, people: FilmClub
) -> None:
    """A thread renamed to the film's title; a RESUME replays its rename from before, and
    discord.py takes that old name for the thread's. Readers see the film's title above the
    thread, so an ending posted in it that names no film is still about the film, and hidden."""
    await turn_on(standin, people)
    thread = await standin.member_starts_thread(
        "movie night", user=people.member, parent=people.general
    )
    before = {**thread.payload(), "guild_id": str(thread.guild_id)}
    thread.name = "la la land"
    await standin.thread_changed(thread)
    await standin.settle()
    await discord_tasks_done()

    await _replayed(standin, "THREAD_UPDATE", before)

    await _hidden(
        standin,
        "omg mia marries someone else and they meet again in seb's jazz club",
        people.member,
        thread,
    )


@pytest.mark.usefixtures("guarded_bot")
async def test_a_forum_posts_old_tags_delivered_again_never_take_the_film_from_its_messages(
    standin: StandinServer, people: FilmClub
) -> None:
    """A forum post tagged "La La Land" once posted; a RESUME replays its update from before
    the tag. Readers see the tag above the post, so an ending in it naming no film is hidden."""
    await turn_on(standin, people)
    forum = people.club.forum_channel("movie-talk")
    forum.tags = {snowflake(): "La La Land"}
    await standin.gateway.dispatch(
        "CHANNEL_CREATE", {**forum.payload(), "guild_id": str(people.club.id)}
    )
    post = await standin.member_starts_thread("movie night", user=people.member, parent=forum)
    before = {**post.payload(), "guild_id": str(post.guild_id)}
    post.applied_tags = list(forum.tags)
    await standin.thread_changed(post)
    await standin.settle()
    await discord_tasks_done()

    await _replayed(standin, "THREAD_UPDATE", before)

    await _hidden(
        standin,
        "omg mia marries someone else and they meet again in seb's jazz club",
        people.friend,
        post,
    )


@pytest.mark.usefixtures("guarded_bot")
@pytest.mark.parametrize("mentioned", ["thread", "role", "message link"])
async def test_an_old_name_of_a_mentioned_place_delivered_again_never_unnames_the_film(
    standin: StandinServer, people: FilmClub, mentioned: str
) -> None:
    """A mention of a thread, channel or role, and a link into a channel, is drawn as its
    name: one renamed to the film's title, then its old name replayed into discord.py's
    cache, still names the film in a message that tells the ending with only the mention
    for a title."""
    await turn_on(standin, people)
    club = people.club
    if mentioned == "role":
        role = club.role("movie fans")
        await standin.gateway.dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": str(club.id), "role": role.payload()}
        )
        before = {"guild_id": str(club.id), "role": role.payload()}
        role.name = "La La Land fans"
        event, mention = "GUILD_ROLE_UPDATE", f"<@&{role.id}>"
        await standin.role_changed(club, role)
    else:
        if mentioned == "thread":
            place = await standin.member_starts_thread(
                "movie night", user=people.member, parent=people.general
            )
            event = "THREAD_UPDATE"
        else:
            place = club.text_channel("movie-night")
            await standin.gateway.dispatch(
                "CHANNEL_CREATE", {**place.payload(), "guild_id": str(club.id)}
            )
            event = "CHANNEL_UPDATE"
        before = {**place.payload(), "guild_id": str(club.id)}
        place.name = "la la land"
        mention = f"<#{place.id}>"
        if mentioned == "message link":
            mention = f"https://discord.com/channels/{club.id}/{place.id}/{snowflake()}"
        if event == "THREAD_UPDATE":
            await standin.thread_changed(place)
        else:
            await standin.channel_changed(place)
    await standin.settle()
    await discord_tasks_done()

    await _replayed(standin, event, before)

    await _hidden(
        standin,
        f"{mention}: mia marries someone else and they meet again in seb's jazz club",
        people.friend,
        people.general,
    )


@pytest.mark.usefixtures("guarded_bot")
async def test_a_roles_old_permissions_delivered_again_never_make_a_moderator(
    standin: StandinServer, people: FilmClub
) -> None:
    """Interactions whose member comes without ``permissions`` have them worked out from the
    roles discord.py holds. An admin took Manage Messages from the moderators' role, and a
    RESUME replayed the role's update from before: the cached role had it again, and a former
    moderator's Undo spoiler hide put a hidden ending back in the open."""
    await turn_on(standin, people)
    standin.member_permissions_sent = False
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()
    (repost,) = standin.messages_in(people.general)
    role = people.moderators
    before = {"guild_id": str(people.club.id), "role": role.payload()}
    role.permissions = 0
    await standin.role_changed(people.club, role)

    await _replayed(standin, "GUILD_ROLE_UPDATE", before)

    result = await standin.run_message_command("Undo spoiler hide", repost, user=people.moderator)
    await discord_tasks_done()
    assert "Only moderators" in result.message.content, result.message.content
    assert not any("marries" in shown(m) for m in standin.messages_in(people.general))


@pytest.mark.usefixtures("guarded_bot")
async def test_a_forums_old_tag_name_delivered_again_never_takes_the_film_from_its_posts(
    standin: StandinServer, people: FilmClub
) -> None:
    """A forum's tag renamed to the film's title renames it on every post carrying it; a
    RESUME replays the forum's update from before. Readers see the film's title as the post's
    tag, so an ending in it naming no film is hidden."""
    await turn_on(standin, people)
    forum = people.club.forum_channel("movie-talk")
    tag = snowflake()
    forum.tags = {tag: "musicals"}
    await standin.gateway.dispatch(
        "CHANNEL_CREATE", {**forum.payload(), "guild_id": str(people.club.id)}
    )
    post = await standin.member_starts_thread(
        "movie night", user=people.member, parent=forum, tags=[tag]
    )
    before = {**forum.payload(), "guild_id": str(people.club.id)}
    forum.tags = {tag: "La La Land"}
    await standin.channel_changed(forum)
    await discord_tasks_done()

    await _replayed(standin, "CHANNEL_UPDATE", before)

    await _hidden(
        standin,
        "omg mia marries someone else and they meet again in seb's jazz club",
        people.friend,
        post,
    )


@pytest.mark.usefixtures("guarded_bot")
async def test_a_forums_old_tag_name_delivered_again_never_lets_a_posts_title_tell_it(
    standin: StandinServer, people: FilmClub
) -> None:
    """The same replay, then a post tagged with the renamed tag whose title tells the ending
    naming no film: its tag names the film to readers, so the title is renamed."""
    await turn_on(standin, people)
    forum = people.club.forum_channel("movie-talk")
    tag = snowflake()
    forum.tags = {tag: "musicals"}
    await standin.gateway.dispatch(
        "CHANNEL_CREATE", {**forum.payload(), "guild_id": str(people.club.id)}
    )
    before = {**forum.payload(), "guild_id": str(people.club.id)}
    forum.tags = {tag: "La La Land"}
    await standin.channel_changed(forum)
    await _replayed(standin, "CHANNEL_UPDATE", before)

    title = "mia marries someone else and they meet again in seb's jazz club"
    post = await standin.member_starts_thread(title, user=people.member, parent=forum, tags=[tag])
    await standin.wait_for(lambda: post.name != title, what="the rename")


@pytest.mark.usefixtures("bot")
async def test_an_opt_in_role_taken_away_is_not_given_back_by_a_replayed_command(
    standin: StandinServer, people: FilmClub
) -> None:
    """An interaction carries its member's roles as they were when it was made. A fan asked
    while the server ignored opt-ins (answered wrapped, in public); opt-ins came back on and
    the opt-in role was taken from her (her next command shows it gone). A replay of the old
    command then counted the role it carried: the ending, which she never read, came to her
    unwrapped."""
    await standin.run_command(
        f"/spoiler-rules role role:{people.fans.mention}", user=people.admin, channel=people.general
    )
    await standin.run_command(
        "/spoiler-rules optin enabled:false", user=people.admin, channel=people.general
    )
    people.club.add_member(people.friend, [people.fans])
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    assert not asked.message.ephemeral and not spoils(asked.message)
    await standin.run_command(
        "/spoiler-rules optin enabled:true", user=people.admin, channel=people.general
    )
    people.club.add_member(people.friend, [])
    now = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    assert not now.message.ephemeral and not spoils(now.message)

    await replay(standin, asked.record.payload, len(asked.record.requests))
    for message in filter(None, map(standin.message, asked.record.message_ids)):
        assert not spoils(message), message


@pytest.mark.usefixtures("guarded_bot")
@pytest.mark.parametrize("unavailable", [True, False], ids=["outage", "left"])
async def test_a_servers_old_delete_delivered_again_never_stops_the_guard_there(
    standin: StandinServer, people: FilmClub, unavailable: bool
) -> None:
    """A RESUME replays a server's GUILD_DELETE after its GUILD_CREATE: an outage's (the
    server is back all the same) or a removal's (the bot was added back since). discord.py
    dropped the server on the removal's, and every message there reached the guard with no
    server: a spoiler stayed in the open, with no event ever bringing the server back."""
    await turn_on(standin, people)
    await standin.guild_outage(people.club)
    await standin.guild_back(people.club)
    await standin.settle()
    await discord_tasks_done()
    gone: dict[str, Any] = {"id": str(people.club.id)}
    if unavailable:
        gone["unavailable"] = True
    await _replayed(standin, "GUILD_DELETE", gone)
    await _hidden(standin, SPOILS, people.member, people.general)


VIEW_AND_SEND = (1 << 10) | (1 << 11) | (1 << 16)
"""View Channel, Send Messages, Read Message History: a bot role before it was given more."""


@pytest.mark.usefixtures("guarded_bot")
@pytest.mark.parametrize("event", ["GUILD_ROLE_UPDATE", "GUILD_MEMBER_UPDATE"])
async def test_the_bots_old_permissions_delivered_again_never_stop_the_guard(
    standin: StandinServer, people: FilmClub, event: str
) -> None:
    """A RESUME replays the bot's role from before it was given Manage Messages and Manage
    Webhooks (or the bot's member from before it was given that role): discord.py's cache
    then says the bot may not hide, though Discord lets it, and the guard left a spoiler in
    the open."""
    await turn_on(standin, people)
    server = str(people.club.id)
    if event == "GUILD_ROLE_UPDATE":
        role = next(r for r in people.club.roles.values() if r.name == people.world.bot.username)
        old = {**role.payload(), "permissions": str(VIEW_AND_SEND)}
        await _replayed(standin, event, {"guild_id": server, "role": old})
    else:
        me = people.club.members[people.world.bot.id]
        await _replayed(standin, event, {**me.payload(), "roles": [], "guild_id": server})
    await _hidden(standin, SPOILS, people.member, people.general)


@pytest.mark.usefixtures("guarded_bot")
async def test_more_old_thread_names_delivered_again_than_are_kept_never_take_the_film(
    standin: StandinServer, people: FilmClub
) -> None:
    """The names a place was seen with are kept, a few each: a RESUME replaying more old
    renames than that pushed the film's title, which Discord shows, out of memory (and
    discord.py's cache holds the last old one): an ending posted there naming no film stayed
    up. The thread's name is then read from Discord."""
    await turn_on(standin, people)
    thread = await standin.member_starts_thread(
        "movie night", user=people.member, parent=people.general
    )
    server = str(thread.guild_id)
    olds = [{**thread.payload(), "name": f"movie night {n}", "guild_id": server} for n in range(9)]
    thread.name = "la la land"
    await standin.thread_changed(thread)
    await discord_tasks_done()

    for old in olds:
        await _replayed(standin, "THREAD_UPDATE", old)

    await _hidden(
        standin,
        "omg mia marries someone else and they meet again in seb's jazz club",
        people.member,
        thread,
    )


@pytest.mark.usefixtures("bot")
async def test_an_opt_in_role_a_member_update_took_away_is_not_given_back_by_a_late_command(
    standin: StandinServer, people: FilmClub
) -> None:
    """A command made while the fan held the opt-in role reaches the bot late, for the first
    time (held on its way), after Discord told the bot the role was taken from her
    (GUILD_MEMBER_UPDATE, sent where the stand-in or the members intent sends one): the role
    it carries grants nothing."""
    await standin.run_command(
        f"/spoiler-rules role role:{people.fans.mention}", user=people.admin, channel=people.general
    )
    people.club.add_member(people.friend, [people.fans])
    held: list[dict[str, Any]] = []
    dispatch = standin.gateway.dispatch

    async def holding(event: str, data: dict[str, Any]) -> int:
        if event == "INTERACTION_CREATE" and not held:
            held.append(data)
            return 0
        return await dispatch(event, data)

    standin.gateway.dispatch = holding  # type: ignore[method-assign]
    try:
        ctx = standin._context(people.friend, None, people.general, None, False, None)
        data = standin._command_data(f"/film ending film:{LA_LA_LAND}", ctx, None, focused=None)
        record = await standin.send_interaction(2, ctx, data)
    finally:
        del standin.gateway.dispatch
    people.club.add_member(people.friend, [])
    await standin.member_changed(people.club, people.friend)
    await discord_tasks_done()

    await standin.gateway.dispatch("INTERACTION_CREATE", held[0])
    await standin.wait_for(lambda: bool(record.message_ids), what="the answer")
    await standin.settle()
    await discord_tasks_done()
    for message in filter(None, map(standin.message, record.message_ids)):
        assert not (message.ephemeral and spoils(message)), "unwrapped by a role taken away"


@pytest.mark.usefixtures("bot")
async def test_a_member_described_without_roles_keeps_the_opt_in_role_next_time(
    standin: StandinServer, people: FilmClub
) -> None:
    """A payload whose member leaves ``roles`` out is read as a member of no roles, the
    stricter reading, but is no sign that the opt-in role was taken away: her next command,
    with the role, is answered as opted in."""
    await standin.run_command(
        f"/spoiler-rules role role:{people.fans.mention}", user=people.admin, channel=people.general
    )
    people.club.add_member(people.friend, [people.fans])
    before = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    assert before.message.ephemeral and spoils(before.message), "opted in by her role"
    dispatch = standin.gateway.dispatch

    async def without_roles(event: str, data: dict[str, Any]) -> int:
        if event == "INTERACTION_CREATE":
            data["member"].pop("roles", None)
        return await dispatch(event, data)

    standin.gateway.dispatch = without_roles  # type: ignore[method-assign]
    try:
        first = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
        )
    finally:
        del standin.gateway.dispatch
    assert not first.message.ephemeral and not spoils(first.message)

    again = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.friend, channel=people.general
    )
    assert again.message.ephemeral and spoils(again.message), "opted in by her role"


@pytest.mark.usefixtures("guarded_bot")
async def test_an_old_server_description_delivered_again_never_stops_the_guard(
    standin: StandinServer, people: FilmClub
) -> None:
    """A RESUME replays the server's GUILD_CREATE from before the bot's role was given Manage
    Messages and Manage Webhooks: discord.py replaces all it holds of the server with it, and
    the guard, taking itself for unable to hide, left a spoiler in the open."""
    await turn_on(standin, people)
    role = next(r for r in people.club.roles.values() if r.name == people.world.bot.username)
    kept, role.permissions = role.permissions, VIEW_AND_SEND
    session = standin.gateway.session_for(people.club.id)
    assert session is not None
    old = standin.gateway._guild_payload(session, people.club.id)
    role.permissions = kept

    await _replayed(standin, "GUILD_CREATE", old)

    await _hidden(standin, SPOILS, people.member, people.general)


@pytest.mark.usefixtures("guarded_bot")
async def test_an_old_server_description_delivered_again_never_unnames_the_film(
    standin: StandinServer, people: FilmClub
) -> None:
    """A channel named after the film since the server came back from an outage (its
    GUILD_CREATE, no rename event); a RESUME then replays the server's older GUILD_CREATE,
    which puts the old name back in discord.py's cache: an ending posted there naming no film
    stayed up."""
    event = "GUILD_CREATE"
    await turn_on(standin, people)
    session = standin.gateway.session_for(people.club.id)
    assert session is not None
    old = standin.gateway._guild_payload(session, people.club.id)
    people.quiet.name = "la la land"
    await standin.guild_outage(people.club)
    await standin.guild_back(people.club)

    await _replayed(standin, event, old)

    await _hidden(
        standin,
        "omg mia marries someone else and they meet again in seb's jazz club",
        people.member,
        people.quiet,
    )


@pytest.fixture
def quiet_named_la_la_land(people: FilmClub) -> None:
    """#quiet-room is "la la land" from before the bot connects."""
    people.quiet.name = "la la land"


@pytest.mark.usefixtures("quiet_named_la_la_land", "guarded_bot")
@pytest.mark.parametrize("event", ["CHANNEL_CREATE", "THREAD_LIST_SYNC"])
async def test_an_old_creation_delivered_again_never_unnames_the_film(
    standin: StandinServer, people: FilmClub, event: str
) -> None:
    """A channel (a thread) named after the film from before the bot connected: no event ever
    showed that name but its server's first description. A RESUME replays its creation (a
    thread list's sync) from before, which puts the old name back in discord.py's cache
    with no rename event: an ending posted there naming no film stayed up."""
    await turn_on(standin, people)
    place = people.quiet
    if event == "THREAD_LIST_SYNC":
        place = people.thread  # "la-la-land-talk" from the start
        old_thread = {**place.payload(), "name": "movie night"}
        old: dict[str, Any] = {"guild_id": str(people.club.id), "threads": [old_thread]}
        old["channel_ids"] = [str(people.general.id)]
    else:
        old = {**place.payload(), "name": "quiet-room", "guild_id": str(people.club.id)}

    await _replayed(standin, event, old)

    await _hidden(
        standin,
        "omg mia marries someone else and they meet again in seb's jazz club",
        people.member,
        place,
    )


@pytest.mark.usefixtures("bot")
async def test_the_bots_old_permissions_delivered_again_never_refuse_a_hide(
    standin: StandinServer, people: FilmClub
) -> None:
    """The same replay of the bot's role, then Hide as spoiler from a Discord that leaves
    ``app_permissions`` out: the bot's permissions were worked out from the cache, which the
    replay had taken Manage Messages from, and the member was told Epilogue lacks it, the
    spoiler left in the open."""
    standin.app_permissions_sent = False
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    role = next(r for r in people.club.roles.values() if r.name == people.world.bot.username)
    old = {**role.payload(), "permissions": str(VIEW_AND_SEND)}
    await _replayed(standin, "GUILD_ROLE_UPDATE", {"guild_id": str(people.club.id), "role": old})

    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "reposted behind spoiler bars" in hidden.message.content, hidden.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


def _server_update(people: FilmClub) -> dict[str, Any]:
    """The club's GUILD_UPDATE as it stands: the server alone, no channels or members."""
    data = people.club.payload(people.world.bot.id)
    for key in ("channels", "threads", "members"):
        data.pop(key, None)
    return {**data, "guild_id": data["id"]}


@pytest.mark.usefixtures("guarded_bot")
async def test_a_servers_old_owner_delivered_again_never_makes_a_moderator(
    standin: StandinServer, people: FilmClub
) -> None:
    """The founder handed the server to Ada; a RESUME replayed the GUILD_UPDATE from before.
    An owner holds every permission, so for interactions whose member comes without
    ``permissions`` the cached server made the founder a moderator again, and their Undo
    spoiler hide put a member's ending back in the open."""
    await turn_on(standin, people)
    standin.member_permissions_sent = False
    said = await standin.member_says(SPOILS, user=people.member, channel=people.general)
    await standin.wait_for(lambda: standin.message(said.id) is None, what="the hide")
    await discord_tasks_done()
    (repost,) = standin.messages_in(people.general)
    founder, before = people.club.owner_id, _server_update(people)
    people.club.owner_id = people.admin.id
    await _replayed(standin, "GUILD_UPDATE", _server_update(people))

    await _replayed(standin, "GUILD_UPDATE", before)

    result = await standin.run_message_command("Undo spoiler hide", repost, user=founder)
    await discord_tasks_done()
    assert "Only moderators" in result.message.content, result.message.content
    assert not any("marries" in shown(m) for m in standin.messages_in(people.general))
