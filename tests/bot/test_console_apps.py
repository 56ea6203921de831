"""The console's Apps menu: ``hide`` (Hide as spoiler) and ``undo`` (Undo spoiler hide) on a
message said with ``say``, through the same core handlers Discord's menu runs.

The console said these needed Discord: a member's or moderator's hide could not be tried offline.
"""

from __future__ import annotations

import re

from bot.console import Seat, execute, interactive, seat_from_flags
from bot.epilogue import Epilogue
from tests.support.discord_markdown import visible_text

SPOILS = "la la land: mia marries someone else and they meet again in his jazz club"
MODERATOR = "manage_messages"


def moved(seat: Seat, *, user: int, perms: str = "", channel: int = 10) -> Seat:
    """``as --user … --perms … --channel …``: another seat at the same console, which sees the
    same channels."""
    return seat_from_flags(seat, user=user, perms=perms, channel=channel)


def ids(text: str | None) -> list[int]:
    return [int(found) for found in re.findall(r"message (\d+)", text or "", re.IGNORECASE)]


async def test_a_member_hides_their_own_message_and_a_moderator_undoes_it(app: Epilogue) -> None:
    member = Seat(user_id=2000)
    said = await execute(app, f"say {SPOILS}", member)
    (message_id,) = set(ids(said.content))

    hidden = await execute(app, "hide", member)

    assert not hidden.is_error, hidden.content
    assert hidden.ephemeral
    assert f"Took message {message_id} down." in (hidden.content or "")
    assert "marries" not in visible_text(hidden.content or "")  # the repost is behind bars
    repost_id = max(ids(hidden.content))

    refused = await execute(app, "undo", member)
    assert refused.is_error and "Only moderators can undo" in (refused.content or "")

    moderator = moved(member, user=3000, perms=MODERATOR)
    undone = await execute(app, f"undo {repost_id}", moderator)

    assert not undone.is_error, undone.content
    assert "Put <@2000>'s message back" in (undone.content or "")
    assert SPOILS in (undone.content or "")  # posted back as written
    assert f"Took message {repost_id} down." in (undone.content or "")

    # The message put back is the author's again: Hide as spoiler takes it (the newest).
    again = await execute(app, "hide", member)
    assert not again.is_error, again.content
    assert "moderators' log" not in (again.content or "")
    log = await execute(app, "/spoiler-rules log", moderator)
    assert "undid the spoiler hide" in visible_text(log.embeds[0].description or "")


async def test_another_members_message_is_theirs_and_moderators_to_hide(app: Epilogue) -> None:
    author = Seat(user_id=2000)
    await execute(app, f"say {SPOILS}", author)

    other = moved(author, user=2001)
    refused = await execute(app, "hide", other)
    assert refused.is_error
    assert "Only the message's author and moderators" in (refused.content or "")

    moderator = moved(author, user=3000, perms=MODERATOR)
    await execute(app, "/spoiler-rules member-hiding enabled:true", moderator)
    allowed = await execute(app, "hide", other)
    assert not allowed.is_error, allowed.content


async def test_the_guards_hide_is_undone_from_the_console(app: Epilogue) -> None:
    moderator = seat_from_flags(perms=MODERATOR)
    await execute(app, "/spoiler-rules guard enabled:true all_films:true", moderator)
    guarded = await execute(app, f"say {SPOILS}", moved(moderator, user=2000))
    assert "The guard hid the message" in (guarded.content or "")

    undone = await execute(app, "undo", moderator)

    assert not undone.is_error, undone.content
    assert "Put <@2000>'s message back" in (undone.content or "")


async def test_hide_after_the_guard_hid_the_message_says_it_is_hidden_already(
    app: Epilogue,
) -> None:
    """Was "hide acts on a member's message in this channel: say TEXT first" right after a
    message was said there: the guard had reposted it, which nothing said."""
    moderator = seat_from_flags(perms=MODERATOR)
    await execute(app, "/spoiler-rules guard enabled:true all_films:true", moderator)
    member = moved(moderator, user=2000)
    guarded = await execute(app, f"say {SPOILS}", member)
    repost_id = max(ids(guarded.content))

    again = await execute(app, "hide", member)

    assert again.is_error
    assert "hidden already" in (again.content or "") and str(repost_id) in (again.content or "")
    assert "say TEXT first" not in (again.content or "")


async def test_the_apps_menu_says_what_it_needs(app: Epilogue) -> None:
    seat = Seat()
    nothing = await execute(app, "hide", seat)
    assert nothing.is_error and "say TEXT first" in (nothing.content or "")
    nothing_hidden = await execute(app, "undo", moved(seat, user=3000, perms=MODERATOR))
    assert nothing_hidden.is_error and "hide one first" in (nothing_hidden.content or "")
    not_an_id = await execute(app, "hide soon", seat)
    assert not_an_id.is_error and "'soon' is not a message id" in (not_an_id.content or "")

    said = await execute(app, f"say {SPOILS}", seat)
    (message_id,) = set(ids(said.content))
    elsewhere = await execute(app, f"hide {message_id}", moved(seat, user=1000, channel=20))
    assert elsewhere.is_error
    assert "as --guild 1 --channel 10" in (elsewhere.content or "")
    unknown = await execute(app, f"hide {message_id + 1}", seat)
    assert unknown.is_error and "never said here" in (unknown.content or "")


async def test_help_offers_the_apps_menu(app: Epilogue, capsys) -> None:  # type: ignore[no-untyped-def]
    lines = iter(["help"])

    def read(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    await interactive(app, Seat(), as_json=False, read=read)

    out = capsys.readouterr().out.split("help, or quit", 1)[1]
    assert "Only in Discord: /epilogue sync" in out
    assert "Hide as spoiler / Undo" not in out


async def test_say_tells_a_guard_off_in_the_server_from_one_off_in_the_channel(
    app: Epilogue,
) -> None:
    """Both read "the guard is off in this channel": a moderator trying the guard looked for a
    channel rule that was not there."""
    moderator = seat_from_flags(perms=MODERATOR)
    off = await execute(app, "say la la land rules", moderator)
    assert "the guard is off in this server (/spoiler-rules guard turns it on)" in (
        off.content or ""
    )

    await execute(app, "/spoiler-rules guard enabled:true", moderator)
    await execute(app, "/spoiler-rules guard-channel channel:10 enabled:false", moderator)
    off_here = await execute(app, "say la la land rules", moderator)
    assert "the guard is off in this channel (/spoiler-rules guard-channel)" in (
        off_here.content or ""
    )


async def test_a_message_in_a_thread_is_hidden_and_put_back_in_that_thread(app: Epilogue) -> None:
    thread = seat_from_flags(channel=20, parent=10, perms=MODERATOR)
    await execute(app, f"say {SPOILS}", thread)

    hidden = await execute(app, "hide", thread)
    assert "Posted in the thread as member 1000" in (hidden.content or "")
    undone = await execute(app, "undo", thread)
    assert "Posted in the thread as member 1000" in (undone.content or "")
    assert SPOILS in (undone.content or "")
    in_parent = await execute(app, "undo", moved(thread, user=1000, perms=MODERATOR, channel=10))
    assert in_parent.is_error and "hide one first" in (in_parent.content or "")
