"""Which MESSAGE_UPDATE events are read whole, and the bound on reading them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from types import SimpleNamespace

import pytest

from client.partial_updates import (
    EVENT,
    PartialUpdate,
    WholeMessages,
    complete_files,
    complete_snapshots,
    in_part,
    read_partial_messages,
)

WHOLE = {
    "id": "10",
    "channel_id": "20",
    "guild_id": "30",
    "type": 0,
    "content": "",
    "author": {"id": "40"},
}


def without(*keys: str) -> dict[str, object]:
    return {key: value for key, value in WHOLE.items() if key not in keys}


def test_a_whole_update_is_left_to_discord_py() -> None:
    assert in_part(WHOLE) is None


@pytest.mark.parametrize("missing", ["content", "author"])
def test_an_event_without_what_discord_py_needs_is_read_whole(missing: str) -> None:
    # Its author, when named: a new message's arrival is noted before it is read whole.
    author = 40 if missing != "author" else None
    assert in_part(without(missing)) == PartialUpdate(10, 20, 30, author_id=author)
    assert in_part(without(missing), created=True) == PartialUpdate(
        10, 20, 30, created=True, author_id=author
    )


def test_an_event_without_its_type_alone_is_no_partial_one() -> None:
    assert in_part(without("type")) is None


def test_an_unfurl_as_discord_long_sent_it() -> None:
    unfurl = {"id": "10", "channel_id": "20", "guild_id": "30", "embeds": []}
    assert in_part(unfurl) == PartialUpdate(10, 20, 30)
    assert in_part({"id": "10", "channel_id": "20", "embeds": []}) == PartialUpdate(10, 20, None)


@pytest.mark.parametrize(
    "data", [{"channel_id": "20"}, {"id": "10"}, {"id": "x", "channel_id": "20"}, [], None]
)
def test_an_update_without_its_ids_is_left_to_discord_py_to_report(data: object) -> None:
    assert in_part(data) is None


def test_reads_are_bounded_per_server_and_overall() -> None:
    now = [0.0]
    whole = WholeMessages(per_guild=2, overall=3, clock=lambda: now[0])
    assert [whole._budget.take(1) for _ in range(3)] == [True, True, False]
    assert whole._budget.take(2) is True
    assert whole._budget.take(3) is False, "three in all this minute"
    now[0] = 60.0
    assert whole._budget.take(1) is True, "a minute later"


class RecordingState:
    """What ``read_partial_messages`` uses of discord.py's connection state."""

    def __init__(self) -> None:
        self.parsed: list[tuple[str, dict[str, object]]] = []
        self.dispatched: list[tuple[str, object]] = []
        self.parsers = {
            event: (lambda data, event=event: self.parsed.append((event, data)))
            for event in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
        }

    def dispatch(self, event: str, *args: object) -> None:
        self.dispatched.append((event, *args))


@pytest.mark.parametrize("event", ["MESSAGE_CREATE", "MESSAGE_UPDATE"])
def test_an_event_without_its_type_is_parsed_as_a_default_message(event: str) -> None:
    state = RecordingState()
    read_partial_messages(state)  # type: ignore[arg-type]
    state.parsers[event](without("type"))
    # With the lists it left out, empty (``client.nullable_fields.message_lists_completed``).
    lists = {"components": [], "mentions": [], "mention_roles": []}
    assert state.parsed == [(event, {**WHOLE, **lists})] and state.dispatched == []


@pytest.mark.parametrize("event", ["MESSAGE_CREATE", "MESSAGE_UPDATE"])
def test_an_event_in_part_is_dispatched_not_parsed(event: str) -> None:
    state = RecordingState()
    read_partial_messages(state)  # type: ignore[arg-type]
    state.parsers[event](without("content"))
    created = event == "MESSAGE_CREATE"
    assert state.parsed == []
    assert state.dispatched == [(EVENT, PartialUpdate(10, 20, 30, created, 40))]


def test_a_snapshot_without_its_empty_fields_gets_them_and_keeps_what_it_has() -> None:
    sparse = {"content": "mia marries greg", "attachments": None}
    forward = {**WHOLE, "timestamp": "2026-01-01T00:00:00+00:00"}
    forward["message_snapshots"] = [{"message": sparse}]
    forward["referenced_message"] = {"message_snapshots": [{"message": {}}]}

    complete_snapshots(forward)

    assert sparse == {
        "type": 0,
        "content": "mia marries greg",
        "edited_timestamp": None,
        "embeds": [],
        "attachments": [],
        "timestamp": "2026-01-01T00:00:00+00:00",
    }
    (answered,) = forward["referenced_message"]["message_snapshots"]  # type: ignore[index]
    assert answered["message"]["content"] == "" and answered["message"]["embeds"] == []


def test_files_without_a_proxy_url_get_their_own_url_there() -> None:
    own = {"id": "1", "url": "http://here/a.png"}
    forwarded = {"id": "2", "url": "http://here/b.png", "proxy_url": "http://proxy/b.png"}
    answered = {"id": "3", "url": "http://here/c.png"}
    message = {
        "attachments": [own],
        "message_snapshots": [{"message": {"attachments": [forwarded]}}],
        "referenced_message": {"attachments": [answered]},
    }

    complete_snapshots(message)

    assert own["proxy_url"] == "http://here/a.png"
    assert forwarded["proxy_url"] == "http://proxy/b.png", "kept as sent"
    assert answered["proxy_url"] == "http://here/c.png"
    complete_files([{"id": "4"}, None, "x"])  # no URL to give: left to discord.py to report


class _Settings:
    enabled = True

    def guards(self, channel_id: int, parent_id: int | None) -> bool:
        return True


class _Guard:
    async def settings(self, guild_id: int) -> _Settings:
        return _Settings()


class _Guild:
    id = 30

    def __init__(self) -> None:
        self.channel = _Channel(self)

    def get_channel_or_thread(self, channel_id: int) -> _Channel | None:
        return self.channel if channel_id == self.channel.id else None


class _Message:
    """What a read returns: the text the message had when Discord read it."""

    def __init__(self, content: str) -> None:
        self.content = content
        self.author = SimpleNamespace(bot=True)  # as read: no member to look up
        self.webhook_id = None


class _Channel:
    """A channel whose messages are read as they are when the request reaches Discord; the
    answers to the first ``held`` reads are held until ``answer`` is set (a slow network)."""

    id = 20
    parent_id = None

    def __init__(self, guild: _Guild) -> None:
        self.guild = guild
        self.text = "la la land, what a film"
        self.reads: list[str] = []
        self.answer = asyncio.Event()
        self.held = 1

    async def fetch_message(self, message_id: int) -> _Message:
        read = self.text  # Discord reads the message now; the answer comes back later
        self.reads.append(read)
        if len(self.reads) <= self.held:
            await self.answer.wait()
        return _Message(read)


class _Client:
    def __init__(self) -> None:
        self.guild = _Guild()
        self.app = SimpleNamespace(member_spoilers=SimpleNamespace(guard=_Guard()))

    def get_guild(self, guild_id: int) -> _Guild | None:
        return self.guild if guild_id == self.guild.id else None

    def get_channel(self, channel_id: int) -> None:
        return None


async def _until(condition: Callable[[], bool]) -> None:
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("never happened")


async def test_an_update_that_comes_while_its_message_is_read_is_read_after_it() -> None:
    """Two updates of one message share a read only if both came before it was sent: an edit
    whose event arrives while an earlier read is on its way (Discord read the message before
    the edit) is read again, or the guard would judge the old text for both and the edit,
    stating the ending, would never be read."""
    client, whole = _Client(), WholeMessages()
    channel = client.guild.channel
    update = PartialUpdate(10, channel.id, client.guild.id)
    unfurled = asyncio.ensure_future(whole.read(client, update, None))  # type: ignore[arg-type]
    await _until(lambda: len(channel.reads) == 1)
    channel.text = "la la land: mia marries someone else"  # the member edits it
    edited = asyncio.ensure_future(whole.read(client, update, None))  # type: ignore[arg-type]
    await _until(lambda: len(channel.reads) == 1 and not edited.done())
    channel.answer.set()
    first, second = await unfurled, await edited
    assert first is not None and second is not None
    assert second.content == "la la land: mia marries someone else"
    assert channel.reads == ["la la land, what a film", "la la land: mia marries someone else"]


async def test_updates_that_come_together_share_one_read_and_later_ones_one_more() -> None:
    """However many updates arrive while a read is on its way, one more read serves them all."""
    client, whole = _Client(), WholeMessages()
    channel = client.guild.channel
    update = PartialUpdate(10, channel.id, client.guild.id)
    read = partial(whole.read, client, update, None)  # type: ignore[arg-type]
    together = [asyncio.ensure_future(read()) for _ in range(3)]
    await _until(lambda: len(channel.reads) == 1)
    channel.text = "edited"
    later = [asyncio.ensure_future(read()) for _ in range(3)]
    await asyncio.sleep(0)
    channel.answer.set()
    got = [message.content for message in await asyncio.gather(*together, *later)]
    assert got == ["la la land, what a film"] * 3 + ["edited"] * 3
    assert len(channel.reads) == 2


async def test_updates_past_the_bound_are_read_in_their_turn_never_left() -> None:
    """Past the reads a minute allowed per server, an update was left unread: a member could
    post enough links (each preview an update read whole) to spend the minute's reads, then
    one whose preview states the ending, which the guard never saw. It is read in its turn."""
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds
        await asyncio.sleep(0)

    client = _Client()
    whole = WholeMessages(per_guild=2, overall=10, clock=lambda: now[0])
    whole.sleep = sleep
    channel = client.guild.channel
    channel.held = 0
    updates = [PartialUpdate(message_id, channel.id, client.guild.id) for message_id in range(5)]

    read = [await whole.read(client, update, None) for update in updates]  # type: ignore[arg-type]

    assert all(message is not None for message in read)
    assert len(channel.reads) == 5 and now[0] >= 120
