"""The console in process: who asks and where (flags and ``as``), and lines it cannot run.

A mistyped id or flag is a one-line error and the session goes on; ``as`` takes every flag the
console starts with, so a rule can be tried as a moderator without restarting.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.console import Seat, execute, interactive, seat_from_flags
from bot.errors import InvalidInput
from tests.support.discord_markdown import hidden_text, visible_text


def feed(*lines: str):  # type: ignore[no-untyped-def]
    pending: Iterator[str] = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(pending)
        except StopIteration:
            raise EOFError from None

    return read


async def test_as_takes_every_console_flag(app, capsys) -> None:
    seat = Seat()
    await interactive(
        app,
        seat,
        as_json=False,
        read=feed("as --perms manage_messages --roles 5,6 --parent 20 --channel 21 --guild 3"),
    )

    assert seat.permissions == {"manage_messages"}
    assert seat.role_ids == {5, 6}
    assert (seat.guild_id, seat.channel_id, seat.parent_channel_id) == (3, 21, 20)
    # And the seat is used: a moderator command now passes the access check.
    reply = await execute(app, "/spoiler-rules show", seat)
    assert not reply.is_error, reply.content


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("as --user abc", "--user"),
        ("as --guild x", "--guild"),
        ("as --roles 1,x", "--roles"),
        ("as --perm manage_messages", "--perm"),  # a misspelt flag is not ignored silently
        ("as --user", "--user"),
    ],
)
async def test_bad_as_is_one_line_and_the_session_goes_on(
    app, capsys, line: str, expected: str
) -> None:
    seat = Seat()
    await interactive(app, seat, as_json=False, read=feed(line, "/spoilers status"))

    out = capsys.readouterr().out
    assert "⚠️" in out and expected in out, out
    assert "Your spoiler settings" in out  # the next command still ran
    assert seat == Seat()  # nothing half-changed


@pytest.mark.parametrize(
    "line",
    [
        "/spoiler-rules channel channel:99999999999999999999999 mode:spoilers",
        "/spoiler-rules role role:<@&99999999999999999999999>",
        "/spoiler-rules channel channel:0 mode:spoilers",
    ],
)
async def test_an_id_no_discord_object_can_have_is_refused(app, line: str) -> None:
    seat = Seat(permissions=frozenset({"manage_messages"}))

    reply = await execute(app, line, seat)

    assert reply.is_error
    assert "not a Discord id" in reply.content


@pytest.mark.parametrize("flags", [{"user": "99999999999999999999999"}, {"roles": "0"}])
def test_flags_out_of_range_are_refused(flags: dict[str, str]) -> None:
    with pytest.raises(InvalidInput, match="not a Discord id"):
        seat_from_flags(**flags)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/film", "/film needs a subcommand: /film info, /film quick"),
        ("/spoiler-rules", "/spoiler-rules needs a subcommand: /spoiler-rules show"),
        ("/film nope film:x", "/film has no subcommand 'nope': /film info"),
        ("press", "press needs a button id"),
        ("say", "say needs a member's message"),
    ],
)
async def test_a_group_without_its_subcommand_lists_them(app, line: str, expected: str) -> None:
    reply = await execute(app, line, Seat())

    assert reply.is_error
    assert expected in reply.content, reply.content


@pytest.mark.parametrize(
    ("line", "example"),
    [
        ("as --user abc", "<@123>"),
        ("as --roles x", "<@&123>"),
        ("as --channel x", "<#123>"),
        ("/spoiler-rules role role:admins", "<@&123>"),
        ("/spoiler-rules channel channel:general mode:spoilers", "<#123>"),
    ],
)
async def test_a_value_that_is_no_id_shows_the_mention_of_its_kind(
    app, capsys, line: str, example: str
) -> None:
    seat = Seat(permissions=frozenset({"manage_messages"}))
    await interactive(app, seat, as_json=False, read=feed(line))

    out = capsys.readouterr().out
    assert f"a mention like {example}" in out, out


def test_command_line_flags_take_what_as_takes(capsys) -> None:
    # `epilogue console --channel <#11>` and `as --channel <#11>` are the same flag: one parser.
    from bot.cli import build_parser

    args = build_parser().parse_args(
        ["console", "--user", "<@5>", "--channel", "<#11>", "--parent", "<#10>"]
    )
    seat = seat_from_flags(user=args.user, channel=args.channel, parent=args.parent)
    assert (seat.user_id, seat.channel_id, seat.parent_channel_id) == (5, 11, 10)


ENDING_WORDS = "five years"  # from La La Land's quick answer: an ending detail


async def test_another_seat_neither_reveals_nor_presses_a_private_reply(app, capsys) -> None:
    """A private reply is one member's: after ``as --user``, another member's ``reveal``
    does not open its spoilers, nor can they press its buttons, as in Discord, where they
    never see it. The member it was sent to still can."""
    seat = Seat(guild_id=None)  # a DM: the answer is private, its ending wrapped
    await interactive(
        app,
        seat,
        as_json=False,
        read=feed("/film quick film:La La Land", "as --user 5", "reveal"),
    )
    printed = capsys.readouterr().out
    assert ENDING_WORDS not in printed and "sent only to user 1000" in printed
    assert seat.last is not None and seat.last.ephemeral

    await interactive(app, seat, as_json=False, read=feed("as --user 1000", "reveal"))
    assert ENDING_WORDS in capsys.readouterr().out


async def test_another_seat_cannot_press_a_private_replys_button(app) -> None:
    seat = Seat(guild_id=None)
    reply = await execute(app, "/film ending film:La La Land", seat)
    assert reply.ephemeral and reply.buttons
    reveal = next(b for b in reply.buttons if "Reveal" in b.label)

    other = seat_from_flags(seat, user="5")
    refused = await execute(app, f"press {reveal.custom_id}", other)

    assert refused.is_error and "sent only to user 1000" in (refused.content or "")
    assert not (await execute(app, f"press {reveal.custom_id}", seat)).is_error


async def test_a_rule_set_from_the_console_on_a_channel_it_cannot_place_is_named_behind_bars(
    app,
) -> None:
    """The console shares the bot's database but has no map of channels: a channel it names
    may be a thread, whose title Discord draws for ``<#id>`` in ``show`` and the log. Only the
    seat's own channel is known (``--parent``), so only it may be named in the clear."""
    moderator = frozenset({"manage_messages"})
    here = Seat(permissions=moderator, channel_id=10)
    in_thread = Seat(permissions=moderator, channel_id=21, parent_channel_id=20)
    await execute(app, "/spoiler-rules channel channel:<#10> mode:spoilers", here)
    await execute(app, "/spoiler-rules channel channel:<#77> mode:spoilers", here)
    await execute(app, "/spoiler-rules channel channel:<#21> mode:spoilers", in_thread)
    shown = await execute(app, "/spoiler-rules show", here)
    rules = {f.name: f.value for f in shown.embeds[0].fields}["Channel rules"]
    log = (await execute(app, "/spoiler-rules log", here)).embeds[0].description or ""

    for text in (rules, log):
        assert "<#10>" in visible_text(text), text
        for unplaced in ("<#77>", "<#21>"):
            assert unplaced not in visible_text(text) and unplaced in hidden_text(text), text
