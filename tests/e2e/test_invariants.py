"""The promise checker reads every public surface: what the spoiler guard posts through a
channel's webhook and the names it gives threads, besides interaction answers. Only Undo's
restore of a member's own words is left out, and only it."""

from __future__ import annotations

from typing import Any

from tests.e2e.harness import FilmClub
from tests.e2e.invariants import UNDO, PromiseChecker
from tests.standin import StandinServer
from tests.standin.records import EPHEMERAL, LOADING, InteractionRecord, RecordedRequest

TWIST = "Mia marries Greg and they meet again in his jazz club"
HOOK, TOKEN = 4242, "hook-token"
NONE_MENTIONED = {"parse": []}


def hook_in(standin: StandinServer, channel_id: int) -> None:
    standin.webhooks[HOOK] = {"id": str(HOOK), "token": TOKEN, "channel_id": str(channel_id)}


def request(method: str, path: str, body: dict[str, Any], **query: str) -> RecordedRequest:
    return RecordedRequest(method, f"/api/v10{path}", query, {}, json=body, status=200)


def webhook_post(content: str, username: str = "mia", **query: str) -> RecordedRequest:
    body = {"content": content, "username": username, "allowed_mentions": NONE_MENTIONED}
    return request("POST", f"/webhooks/{HOOK}/{TOKEN}", body, wait="true", **query)


def undo(people: FilmClub, standin: StandinServer, *made: RecordedRequest) -> None:
    """An Undo the bot handled by making ``made`` (its answer last, under its token)."""
    record = InteractionRecord(
        1, "undo-token", 2, {"data": {"name": UNDO}}, people.moderator, people.club.id, 1
    )
    record.requests_before = len(standin.requests)
    answer = request("POST", "/interactions/1/undo-token/callback", {"type": 5})
    record.requests.append(answer)
    standin.requests.extend([*made, answer])
    standin.interactions.append(record)


def test_a_webhook_repost_that_shows_the_twist_is_a_violation(
    standin: StandinServer, people: FilmClub
) -> None:
    hook_in(standin, people.general.id)
    standin.requests.append(webhook_post(f"🔒 Spoiler: ||{TWIST}||"))
    standin.requests.append(webhook_post(f"🔒 Spoiler: {TWIST}", thread_id=str(people.thread.id)))
    standin.requests.append(webhook_post("||hidden||", username="Mia marries Greg"))
    found = PromiseChecker(standin).violations()
    assert len(found) == 2, found
    assert any(f"public channel {people.thread.id}" in problem for problem in found), found
    assert any("posted under the name" in problem for problem in found), found


def test_a_thread_renamed_to_the_twist_is_a_violation(
    standin: StandinServer, people: FilmClub
) -> None:
    standin.requests.append(request("PATCH", f"/channels/{people.thread.id}", {"name": TWIST}))
    standin.requests.append(request("PATCH", f"/channels/{people.thread.id}", {"name": "Safe"}))
    (found,) = PromiseChecker(standin).violations()
    assert "thread name" in found


def test_only_undos_restore_of_a_members_own_words_is_left_out(
    standin: StandinServer, people: FilmClub
) -> None:
    hook_in(standin, people.general.id)
    standin.member_texts.add(TWIST)
    undo(people, standin, webhook_post(TWIST))
    assert PromiseChecker(standin).violations() == []
    # The same words posted outside an Undo, or other words during one, are read.
    standin.requests.append(webhook_post(TWIST))
    undo(people, standin, webhook_post(f"{TWIST}!"))
    assert len(PromiseChecker(standin).violations()) == 2


def test_a_private_follow_up_replacing_public_thinking_is_read_as_public(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord's first follow-up after "thinking…" replaces that message and keeps who sees
    it, whatever its own flags say: flagged ephemeral after public thinking, it is the
    channel's, and its text is checked as such. A later follow-up is as its flags say."""
    channel = people.general.id
    record = InteractionRecord(7, "think-token", 2, {}, people.member, people.club.id, channel)
    thinking = standin._new_message(channel, {"flags": LOADING}, [], record=record, type_=20)
    record.original_id = int(thinking["id"])
    body = {
        "content": f"The ending: {TWIST}",
        "flags": EPHEMERAL,
        "allowed_mentions": {"parse": []},
    }
    first = request("POST", "/webhooks/1/think-token", body)
    first.message_id = record.original_id
    later = request("POST", "/webhooks/1/think-token", body)
    record.requests += [first, later]
    standin.requests += [first, later]
    standin.interactions.append(record)

    found = PromiseChecker(standin).violations()

    assert len(found) == 1 and f"public channel {channel}" in found[0], found
