"""Which answers go by DM when Discord no longer takes them through the interaction."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.replies import Reply
from client import delivery
from client.delivery import INVALID_WEBHOOK_TOKEN, AnswerRefused, deliver

ENDING = "Mia marries someone else, and five years later they meet again in his jazz club"


class Asker:
    def __init__(self) -> None:
        self.id = 1000
        self.dms: list[dict[str, Any]] = []

    async def send(self, **message: Any) -> None:
        self.dms.append(message)


def expired_token() -> discord.HTTPException:
    response = SimpleNamespace(status=401, reason="Unauthorized")
    return discord.HTTPException(
        response,  # type: ignore[arg-type]
        {"code": INVALID_WEBHOOK_TOKEN, "message": "Invalid Webhook Token"},
    )


@pytest.fixture
def asker(monkeypatch: pytest.MonkeyPatch) -> tuple[Asker, Any]:
    """An interaction whose token is past its 15 minutes: every answer through it is refused."""

    async def refused(interaction: Any, reply: Reply) -> None:
        raise expired_token()

    monkeypatch.setattr(delivery, "_send", refused)
    user = Asker()
    interaction = SimpleNamespace(
        id=1,
        user=user,
        guild_id=1,
        created_at=discord.utils.utcnow(),
        response=SimpleNamespace(is_done=lambda: True),
    )
    return user, interaction


@pytest.mark.parametrize(
    "reply",
    [
        # A public answer in a spoiler channel, its ending in the clear as that channel's
        # rules let everyone there read it; in a DM, answers are wrapped.
        Reply(content=f"**La La Land** ends: {ENDING}", ephemeral=False),
        # A page turned on a message everyone in that channel sees.
        Reply(content=f"Page 2/3: {ENDING}", ephemeral=False, edits_original=True),
    ],
    ids=["public answer", "public page turned"],
)
async def test_an_answer_bound_for_a_channel_never_goes_by_dm(
    asker: tuple[Asker, Any], reply: Reply
) -> None:
    """An answer written for a channel, under its rules, went to the asker's DMs when its
    token had expired: a spoiler channel's ending in the clear reached a place whose rules
    wrap it (and whose notifications show it), minutes after it was asked for."""
    user, interaction = asker

    with pytest.raises((discord.HTTPException, AnswerRefused)):
        await deliver(interaction, reply)

    assert user.dms == []


async def test_a_private_note_of_work_done_still_goes_by_dm(asker: tuple[Asker, Any]) -> None:
    user, interaction = asker
    note = Reply.text("Your message was reposted behind spoiler bars. Nothing was lost.")

    await deliver(interaction, note)

    assert [dm["content"] for dm in user.dms] == [note.content]


async def test_a_public_page_turned_after_its_token_expired_reports_the_refusal(
    asker: tuple[Asker, Any],
) -> None:
    """Not sent anywhere, the page turn is reported as work whose answer Discord refused."""
    _, interaction = asker
    with pytest.raises(AnswerRefused):
        await deliver(interaction, Reply(content="Page 2/3", edits_original=True))


ARTICLE = "https://example.com/la-la-land-why-mia-marries-another-man"


async def test_a_guard_note_by_dm_shows_no_preview_of_a_link_it_quotes() -> None:
    """The guard's note quotes what it hid (a thread's title, behind bars): sent without the
    reply's suppress-embeds flag, a link in it unfurled into a preview in the author's DMs,
    the article's title in the clear beside the bars."""
    from client.context_menus import tell_privately

    user = Asker()
    client = SimpleNamespace(get_user=lambda user_id: user)
    note = Reply.text(f"The guard renamed your thread. Its title was: ||{ARTICLE}||")

    assert await tell_privately(client, user.id, note)  # type: ignore[arg-type]

    (dm,) = user.dms
    assert dm["suppress_embeds"] is True and dm["allowed_mentions"] is not None


async def test_a_private_answer_under_a_spoiler_channels_rules_never_goes_by_dm(
    app: Any, asker: tuple[Asker, Any]
) -> None:
    """A member who has not opted in asks privately in a spoiler channel: the ending comes in
    the clear, as that channel's rules say. Discord dropped the token before it was shown,
    and it went to the member's DMs, where their own rules wrap it (and a notification shows
    it on their lock screen), minutes after they asked."""
    from bot.console import Seat, execute

    admin = Seat(permissions=frozenset({"manage_guild"}))
    made = await execute(app, "/spoiler-rules channel channel:10 mode:spoilers", admin)
    assert not made.is_error, made.content
    answer = await execute(app, "/film ending film:La La Land private:true", Seat(user_id=7))
    assert answer.ephemeral and "five years" in (answer.embeds[0].description or "")
    in_a_dm = await execute(app, "/film ending film:La La Land", Seat(user_id=7, guild_id=None))
    assert "||" in (in_a_dm.embeds[0].description or ""), "a DM wraps it for this member"
    user, interaction = asker

    with pytest.raises((discord.HTTPException, AnswerRefused)):
        await deliver(interaction, answer)

    assert user.dms == []


def dms_closed() -> discord.Forbidden:
    response = SimpleNamespace(status=403, reason="Forbidden")
    return discord.Forbidden(
        response,  # type: ignore[arg-type]
        {"code": 50007, "message": "Cannot send messages to this user"},
    )


@pytest.mark.parametrize(
    "reply",
    [None, Reply(content=f"**La La Land** ends: {ENDING}", ephemeral=True)],
    ids=["thinking refused", "private answer refused"],
)
async def test_a_closed_threads_asker_with_closed_dms_is_named_in_the_operators_log(
    caplog: pytest.LogCaptureFixture, reply: Reply | None
) -> None:
    """Asked in a locked thread, where Discord takes no answer, by a member whose DMs are closed
    (50007): they saw only 'The application did not respond', and the operator's warning said
    they were told by DM. It now says they were told nothing, and why, without the ending."""

    class ClosedDms(Asker):
        async def send(self, **message: Any) -> None:
            raise dms_closed()

    user = ClosedDms()
    interaction = SimpleNamespace(
        id=1, user=user, guild_id=2, channel_id=3, extras={}, client=SimpleNamespace()
    )

    with caplog.at_level(logging.WARNING, logger="client.delivery"):
        await delivery.tell_thread_closed(interaction, reply)  # type: ignore[arg-type]

    (warning,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "told nothing" in warning and "50007" in warning, warning
    assert "user 1000" in warning and "channel 3" in warning, warning
    assert "marries" not in warning
