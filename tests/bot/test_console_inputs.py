"""The console in process: who asks and where (flags and ``as``), and lines it cannot run.

A mistyped id or flag is a one-line error and the session goes on; ``as`` takes every flag the
console starts with, so a rule can be tried as a moderator without restarting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.command_table import command_table
from bot.console import Seat, execute, interactive, readable, seat_from_flags
from bot.errors import InvalidInput
from bot.replies import Reply
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


@pytest.mark.parametrize(
    ("line", "meant"),
    [
        # Was "Unknown command '/flim quick'. Try: /film, …" and "/film has no subcommand
        # 'quik': …": the list, without the one meant.
        ("/flim quick film:la la land", "/film quick"),
        ("/film quik film:la la land", "/film quick"),
        ("/spoiler-rule show", "/spoiler-rules show"),
        ("/spoilers seem film:la la land", "/spoilers seen"),
        ("/fillm-admin exprt film:x", "/film-admin export"),
        ("/film weather", None),
    ],
)
async def test_a_mistyped_command_is_asked_about_the_one_meant(
    app, line: str, meant: str | None
) -> None:
    reply = await execute(app, line, Seat())

    assert reply.is_error
    if meant is None:
        assert "Did you mean" not in reply.content, reply.content
    else:
        assert f"Did you mean {meant}?" in visible_text(reply.content), reply.content


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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A mention of another kind named an object of the wrong kind with the same number.
        ("/spoiler-rules channel channel:<@123> mode:spoilers", "mentions a user, not a channel"),
        ("/spoiler-rules role role:<#20>", "mentions a channel, not a role"),
        ("/spoiler-rules guard-channel channel:<@&5> enabled:false", "mentions a role"),
        ("/spoiler-rules role role:<@5>", "mentions a user, not a role"),
    ],
)
async def test_a_mention_of_the_wrong_kind_is_refused(app, line: str, expected: str) -> None:
    seat = Seat(permissions=frozenset({"manage_messages"}))

    reply = await execute(app, line, seat)

    assert reply.is_error, reply.content
    assert expected in reply.content, reply.content
    shown = await execute(app, "/spoiler-rules show", seat)
    assert "<#123>" not in str(shown.embeds[0].fields)  # nothing was stored


def test_a_mention_of_the_right_kind_is_read_as_its_id() -> None:
    seat = seat_from_flags(user="<@!5>", channel="<#11>", roles="<@&7>")
    assert (seat.user_id, seat.channel_id, seat.role_ids) == (5, 11, {7})
    with pytest.raises(InvalidInput, match="mentions a channel, not a user"):
        seat_from_flags(user="<#5>")


@pytest.mark.parametrize("none", ["none", "None", " none "])
def test_none_takes_a_seats_roles_and_permissions_away(none: str) -> None:
    """Was: `as --perms none` refused ("'none' is not a permission"), and nothing said how a
    seat given moderator rights becomes a plain member again, as `--parent none` leaves a thread."""
    moderator = seat_from_flags(perms="manage_messages,manage_guild", roles="7,8")
    member = seat_from_flags(moderator, perms=none, roles=none)
    assert (member.permissions, member.role_ids) == (frozenset(), frozenset())
    assert moderator.permissions == {"manage_messages", "manage_guild"}  # a copy was changed
    with pytest.raises(InvalidInput, match=r"manage_messages \(none: no permissions\)"):
        seat_from_flags(perms="manage_messages,nothing")


async def test_as_none_makes_a_moderator_a_member_again(app) -> None:
    seat = seat_from_flags(perms="manage_messages", roles="7")
    assert not (await execute(app, "/spoiler-rules show", seat)).is_error

    await interactive(app, seat, as_json=False, read=feed("as --perms none --roles none"))

    assert (seat.permissions, seat.role_ids) == (frozenset(), frozenset())
    assert (await execute(app, "/spoiler-rules show", seat)).is_error


async def test_an_option_given_twice_is_refused_not_overwritten(app) -> None:
    """Was: the last value silently taken ("film:x film:La La Land" answered La La Land)."""
    reply = await execute(app, "/film info film:zzz film:La La Land", Seat())

    assert reply.is_error
    assert "got 'film:' twice" in reply.content, reply.content


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/epilogue sync", "run `epilogue sync` on the command line"),
        ("/epilogue sync scope:here", "which the console does not reach"),
        ("hello", "help lists them all"),
    ],
)
async def test_what_the_console_cannot_run_says_where_it_runs(
    app, line: str, expected: str
) -> None:
    """/epilogue sync is in the README's command list; the console called it unknown."""
    reply = await execute(app, line, Seat())

    assert reply.is_error
    assert expected in reply.content, reply.content


async def test_help_lists_the_console_words_and_what_needs_discord(app, capsys) -> None:
    await interactive(app, Seat(), as_json=False, read=feed("help"))

    out = capsys.readouterr().out.split("help, or quit", 1)[1]  # help, not the banner
    for word in ("press <button id>", "say TEXT", "reveal", "as --user", "quit"):
        assert word in out, word
    assert "Hide as spoiler" in out and "/epilogue sync" in out
    assert "/film quick film:" in out


async def test_as_without_flags_says_which_it_takes(app, capsys) -> None:
    seat = Seat()
    await interactive(app, seat, as_json=False, read=feed("as"))

    out = capsys.readouterr().out
    assert "as needs a flag" in out and "--user" in out, out
    assert seat == Seat()


async def test_command_names_are_found_whatever_their_case(app) -> None:
    """Discord's client finds /film quick when /FILM Quick is typed; the console said unknown."""
    reply = await execute(app, "/FILM Quick film:La La Land", Seat())

    assert not reply.is_error, reply.content
    assert "La La Land" in reply.embeds[0].title


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("as --user 1 --user 2", "--user is given twice"),  # was: the last one, silently
        ("as --channel 10 --parent 10", "is --channel itself"),  # a thread of itself
        ("as --parent 10", "is --channel itself"),  # the seat's channel is 10 already
    ],
)
async def test_as_refuses_flags_that_contradict_themselves(
    app, capsys, line: str, expected: str
) -> None:
    seat = Seat()
    await interactive(app, seat, as_json=False, read=feed(line))

    assert expected in capsys.readouterr().out
    assert seat == Seat()


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("/film quick film:La La Land private:maybe", "private: must be true or false, not"),
        ("/film list page:abc", "page: must be a whole number, not 'abc'"),
        ("/spoiler-rules channel channel:general mode:spoilers", "channel: must be an id"),
        ("/spoiler-rules channel channel:20 mode:loud", "mode: must be one of standard,"),
        # A choice mistyped: was "must be one of …, not 'spoiler'" alone, where a content
        # file's "level: endings" is asked "did you mean ending?".
        ("/spoiler-rules channel channel:20 mode:spoiler", "mode: must be one of standard,"),
        ("/spoiler-rules default mode:No Spoiler", "mode: must be one of standard,"),
        ("/spoiler-rules role role:x", "role: must be an id"),
        ("/spoiler-rules embargo film:La La Land days:0", "days: must be from 1"),
        ("/spoiler post film:La La Land text:x attachment:/no/such", "attachment: cannot read"),
        # Was posted: Discord's client stops it, but the console (or a client that ignores
        # the registered bound) sent it, and the core did not check it again.
        (f"/spoiler post film:La La Land text:{'a' * 4001}", "text: is too long: at most 4,000"),
        # Was "cannot read https:/example.com/a.png": the address folded into a path.
        (
            "/spoiler post film:La La Land text:x attachment:https://example.com/a.png",
            "attachment: 'https://example.com/a.png' is a web address, not a file",
        ),
    ],
)
async def test_a_bad_option_is_named_as_it_is_typed(app, line: str, said: str) -> None:
    """Was three styles for one mistake: "'private' must be", "channel must be", "days: must
    be". Options are typed name:value, and errors name them so."""
    reply = await execute(app, line, Seat(permissions=frozenset({"manage_messages"})))

    assert reply.is_error
    assert reply.content.startswith(f"⚠️ {said}"), reply.content


@pytest.mark.parametrize(
    ("line", "meant"),
    [
        ("/spoiler-rules channel channel:20 mode:spoiler", "spoilers"),
        ("/spoiler-rules default mode:No Spoiler", "no-spoilers"),
        ("/spoiler-rules default mode:standrad", "standard"),
        ("/film-admin edit film:La La Land section:quick", "quick_answer"),
        ("/film-admin edit film:La La Land section:endng", "ending"),
        ("/film-admin edit film:La La Land section:soundtrack", None),
        # A misspelt start of one: was "must be one of …, not 'quik'" alone.
        ("/film-admin edit film:La La Land section:quik", "quick_answer"),
        ("/film-admin edit film:La La Land section:symbolsm", "symbolism"),
        ("/film-admin edit film:La La Land section:finl", "final_shot"),
        ("/film-admin edit film:La La Land section:synop", "synopsis"),
        ("/spoiler-rules channel channel:20 mode:no-spoi", "no-spoilers"),
        ("/spoiler-rules default mode:standr", "standard"),
        # Starts of several, or of none: not guessed at.
        ("/film-admin edit film:La La Land section:s", None),
        ("/film-admin edit film:La La Land section:xyz", None),
    ],
)
async def test_a_mistyped_choice_is_asked_about_the_one_meant(
    app, line: str, meant: str | None
) -> None:
    """Was "must be one of …, not 'spoiler'": the member read the list for the one they
    meant. A text close to none is not guessed at."""
    seat = Seat(permissions=frozenset({"manage_messages", "manage_guild"}))
    reply = await execute(app, line, seat)

    assert reply.is_error
    if meant is None:
        assert "did you mean" not in reply.content, reply.content
    else:
        said = visible_text(reply.content).lower()
        assert said.endswith(f"did you mean {meant}?"), reply.content


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


async def test_reveal_of_a_reply_without_spoilers_says_there_are_none(app, capsys) -> None:
    """Was the last reply printed again (an error, the film list) as if it were what
    revealing showed: nothing said there was nothing hidden in it."""
    seat = Seat()
    await interactive(app, seat, as_json=False, read=feed("/film quick film:zzz", "reveal"))

    printed = capsys.readouterr().out
    assert printed.count("No film matches 'zzz'") == 1, printed
    assert "has no spoilers to reveal" in printed, printed


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


async def test_a_form_is_filled_in_and_sent_with_submit(app) -> None:
    """/film-admin add opens a form: in the console, submit sends it, every field by name (one
    left out as the form shows it, as Discord sends it), and the film is added end to end."""
    admin = Seat(permissions=frozenset({"manage_guild"}))
    form = await execute(app, "/film-admin add", admin)
    assert form.modal is not None

    added = await execute(
        app,
        "submit title:Heron Lake year:2019 quick_answer:The stranger is her brother.\\nAt last.",
        admin,
    )

    assert not added.is_error, added.content
    assert "Heron Lake" in visible_text(added.content or "")
    quick = await execute(app, "/film quick film:heron lake", Seat())
    assert "The stranger is her brother.\nAt last." in hidden_text(quick.embeds[0].description)
    # Discord closes a form once it is sent: there is nothing left to submit.
    again = await execute(app, "submit title:Heron Lake", admin)
    assert again.is_error and "open one first" in (again.content or "")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("submit", "open one first"),  # no form shown yet
        ("submit title:X", "open one first"),
    ],
)
async def test_submit_without_a_form_says_how_to_open_one(app, line: str, said: str) -> None:
    reply = await execute(app, line, Seat(permissions=frozenset({"manage_guild"})))
    assert reply.is_error and said in (reply.content or "")


async def test_a_form_is_sent_only_by_whom_it_was_shown_to_and_as_fields_it_has(app) -> None:
    admin = Seat(permissions=frozenset({"manage_guild"}))
    await execute(app, "/film-admin add", admin)

    stray = await execute(app, "submit name:Heron Lake", admin)
    assert stray.is_error and "write title:… year:…" in (stray.content or "")
    admin.user_id = 2000  # as --user 2000: another member never saw that form
    other = await execute(app, "submit title:Heron Lake year:2019 quick_answer:x", admin)
    assert other.is_error and "sent only to user 1000" in (other.content or "")


async def test_a_required_field_left_out_keeps_the_form_open_as_discord_does(app) -> None:
    """Discord's client will not send a form with a required field empty, and keeps it open;
    the console sent it and the form was gone, its text coming back as a file."""
    admin = Seat(permissions=frozenset({"manage_guild"}))
    form = await execute(app, "/film-admin add", admin)
    shown = readable(form)
    assert "Title * (title:)" in shown and "Synopsis (spoiler-free) (synopsis:)" in shown
    assert "(* required; send it with: submit title:…" in shown
    await execute(app, "submit title:Heron Lake year:2019 quick_answer:He stays.", admin)
    synopsis = readable(await execute(app, "/film-admin edit film:heron section:synopsis", admin))
    assert (
        "Synopsis (spoiler-free: everyone reads it) (body:)" in synopsis
        and "required" not in synopsis
    )  # nothing is

    await execute(app, "/film-admin add", admin)
    missing = await execute(app, "submit title:Other Lake year:2019", admin)

    assert missing.is_error and not missing.attachments
    assert "Quick answer: how it ends (quick_answer:) is required" in (missing.content or "")
    assert "the form is still open" in (missing.content or "")
    sent = await execute(app, "submit title:Other Lake year:2019 quick_answer:She goes.", admin)
    assert not sent.is_error, sent.content


async def test_a_field_left_out_of_submit_is_sent_as_the_form_shows_it(app) -> None:
    """Discord sends a field filled in as it stands: the console sent it empty, so a form
    opened again by Edit again (or an edit's text) lost what it held unless retyped whole."""
    admin = Seat(permissions=frozenset({"manage_guild"}))
    await execute(app, "/film-admin add", admin)
    refused = await execute(
        app, "submit title:Heron Lake year:20x9 synopsis:A lake. quick_answer:He stays.", admin
    )
    again = next(b.custom_id for b in refused.buttons if b.label == "Edit again")
    reopened = await execute(app, f"press {again}", admin)
    assert "Year * (year:): 20x9" in readable(reopened), readable(reopened)

    sent = await execute(app, "submit year:2019", admin)

    assert not sent.is_error, sent.content
    card = await execute(app, "/film info film:heron lake", Seat())
    assert card.embeds[0].description == "A lake."
    synopsis = await execute(app, "/film-admin edit film:heron section:synopsis", admin)
    assert synopsis.modal is not None
    twice = await execute(app, "submit body:x body:y", admin)
    assert twice.is_error and "twice" in (twice.content or "")


async def test_a_field_longer_than_discord_lets_one_type_is_refused_with_its_limit(app) -> None:
    admin = Seat(permissions=frozenset({"manage_guild"}))
    await execute(app, "/film-admin add", admin)

    long = await execute(app, f"submit title:{'x' * 101} year:2019 quick_answer:y", admin)

    assert long.is_error
    assert "Title (title:) holds at most 100 characters" in (long.content or "")
    assert "this one has 101" in (long.content or "")
    assert admin.form is not None


async def test_an_empty_fields_placeholder_is_shown_as_discord_greys_it(app) -> None:
    """Discord shows an empty field's placeholder (an FAQ's "the questions stay as they are;
    to edit them: …"); the console printed the field blank, and the how-to was lost."""
    admin = Seat(permissions=frozenset({"manage_guild"}))
    faq = readable(await execute(app, "/film-admin edit film:la la land section:faq", admin))
    assert "(greyed hint: The questions stay as they are; to edit them:" in faq, faq

    add = readable(await execute(app, "/film-admin add", admin))
    assert "Year * (year:): (greyed hint: 2016)" in add, add
    assert "Title * (title:): (greyed hint: The film's title alone: everyone reads it" in add, add
    assert "Quick answer: how it ends * (quick_answer:):\n" in add  # no placeholder, nothing shown


async def test_as_leaves_a_thread_for_its_parent_channel(app, capsys) -> None:
    """From a thread (--channel 20 --parent 10), "as --channel 10" was refused ("--parent: 10
    is --channel itself") and no flag could clear --parent: the console was stuck in threads."""
    seat = Seat()
    await interactive(
        app,
        seat,
        as_json=False,
        read=feed("as --channel 20 --parent 10", "as --channel 10"),
    )
    assert (seat.channel_id, seat.parent_channel_id) == (10, None)
    assert "is --channel itself" not in capsys.readouterr().out

    await interactive(
        app, seat, as_json=False, read=feed("as --channel 21 --parent 10", "as --parent none")
    )
    assert (seat.channel_id, seat.parent_channel_id) == (21, None)


SECRET = "the heron was her father"


def _where_discord_blurs() -> list:  # type: ignore[type-arg]
    """A reply with a spoiler span in each place Discord blurs one, one at a time."""
    from bot.replies import Embed, EmbedField, Reply

    span = f"||{SECRET}||"
    return [
        Reply(content=f"Heron {span}"),
        Reply(embeds=(Embed(title="Heron", description=f"Why {span}"),)),
        Reply(embeds=(Embed(title="Heron", fields=(EmbedField("Q", f"a {span}"),)),)),
    ]


def _where_discord_shows_bars() -> list:  # type: ignore[type-arg]
    """A reply with a spoiler span in each place Discord draws bars as typed, one at a time."""
    from bot.replies import Attachment, Button, Embed, EmbedField, Modal, Reply, TextInput

    span = f"||{SECRET}||"
    form = TextInput("body", "Body")
    return [
        Reply(embeds=(Embed(title=f"Heron {span}"),)),
        Reply(embeds=(Embed(title="Heron", footer=f"from {span}"),)),
        Reply(embeds=(Embed(title="Heron", fields=(EmbedField(f"Q {span}", "a"),)),)),
        Reply(content="file", attachments=(Attachment(f"{span}.txt", b"x"),)),
        Reply(content="b", rows=((Button(f"Open {span}", "epi:x"),),)),
        Reply(modal=Modal("epi:m", f"Edit {span}", (form,))),
        Reply(modal=Modal("epi:m", "Edit", (TextInput("body", f"Body {span}"),))),
        Reply(modal=Modal("epi:m", "Edit", (TextInput("body", "Body", value=span),))),
        Reply(modal=Modal("epi:m", "Edit", (TextInput("body", "Body", placeholder=span),))),
    ]


@pytest.mark.parametrize("index", range(3))
def test_a_spoiler_is_masked_where_discord_blurs_it(index: int) -> None:
    """In content, an embed's description and a field's value Discord blurs a spoiler: the
    console masks it until ``reveal``, then shows it."""
    reply = _where_discord_blurs()[index]
    shown = readable(reply)
    assert SECRET not in shown, shown
    assert "▒▒▒▒" in shown and "type reveal to open it" in shown
    assert SECRET in readable(reply, spoilers_open=True)


@pytest.mark.parametrize("index", range(9))
def test_bars_where_discord_cannot_blur_are_printed_as_discord_shows_them(index: int) -> None:
    """An embed's title, a field's name, a footer, a file name, a button's label and a form
    are drawn by Discord as typed: ``||`` there blurs nothing and everyone reads what it holds.
    The console masked such bars, so an ending the bot put there (a leak) looked hidden in the
    console while Discord showed it: it prints them as Discord draws them."""
    reply = _where_discord_shows_bars()[index]
    shown = readable(reply)
    assert f"||{SECRET}||" in shown, shown
    assert "▒▒▒▒" not in shown and "type reveal" not in shown, shown


async def test_another_seat_cannot_reveal_a_form_shown_to_a_moderator(app, capsys) -> None:
    """A form opens on its opener's screen alone, prefilled with what it edits (here how the
    film ends). ``reveal`` refused another member's private reply but not a form (a form is
    no private message): after ``as --user 5`` it printed the moderator's form, ending and all."""
    seat = Seat(permissions=frozenset({"manage_guild"}))
    await interactive(
        app,
        seat,
        as_json=False,
        read=feed("/film-admin edit film:La La Land section:quick_answer", "as --user 5"),
    )
    capsys.readouterr()

    await interactive(app, seat, as_json=False, read=feed("reveal"))

    printed = capsys.readouterr().out
    assert ENDING_WORDS not in printed and "sent only to user 1000" in printed, printed


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("/film quick film:La La Land privat:true", ["'privat:'", "private:"]),
        ("/film list pag:2", ["'pag:'", "Did you mean page:?"]),
        ("/spoiler-rules channel channel:20 mod:spoilers", ["'mod:'", "mode:"]),
        ("/spoiler-rules embargo film:La La Land untill:2031-01-01", ["'untill:'", "until:"]),
        # Another command's option: was "No film matches 'rocky private:true'" (/spoilers
        # answers are always private) and 'la la land question:2' (an option of /film faq).
        ("/spoilers seen film:rocky private:true", ["has no option 'private:'", "film"]),
        ("/film quick film:La La Land question:2", ["has no option 'question:'", "/film faq"]),
        ("/film info film:La La Land page:2", ["has no option 'page:'", "film, private"]),
        # No film answer takes a page (/film ending as every other): its pages turn with the
        # buttons under it. Was: what was wrong, and no line to send instead.
        (
            "/film ending film:la la land page:2",
            ["has no option 'page:'", "Send `/film ending film:la la land`", "Next ▶"],
        ),
    ],
)
async def test_a_misspelt_option_name_is_named_not_read_into_the_value_before_it(
    app, line: str, said: list[str]
) -> None:
    """`privat:true` was read as part of the title: "No film matches 'la la land privat:true'",
    which sent members looking at the title. Discord's client would not send such an option."""
    reply = await execute(app, line, Seat(permissions=frozenset({"manage_messages"})))

    assert reply.is_error, reply.content
    for word in said:
        assert word in reply.content, reply.content
    assert "No film matches" not in reply.content


@pytest.mark.parametrize(
    ("line", "said"),
    [
        # Was "does not understand 'private'. Write options as name:value (its options:
        # none)": written as name:value already, and it named no command that takes it.
        ("/spoilers on private:true", ["takes no options", "send /spoilers on alone"]),
        ("/spoiler-rules hidden page:2", ["takes no options", "'page:'", "/spoiler-rules log"]),
        ("/spoilers off now", ["takes no options", "send /spoilers off alone"]),
        # Was "type /spoilers status page:now", a line refused in its turn: a word where
        # only a number or true/false goes is told what the option takes.
        (
            "/spoilers status now",
            ["'now': page: takes a whole number", "send /spoilers status alone"],
        ),
        ("/spoilers status 3", ["/spoilers status page:3"]),
        ("/spoiler guard-me nope", ["enabled: takes true or false", "guard-me enabled:true"]),
        ("/spoiler guard-me off", ["/spoiler guard-me enabled:off"]),
        # A value typed without its option's name: the line to type is given.
        ("/film quick la la land", ["film:la la land", "/film quick film:la la land"]),
        ("/film list 2", ["/film list page:2"]),
        # Another command's option first is named as such, as it is after a value.
        ("/film info question:2 film:la la land", ["has no option 'question:'", "/film faq"]),
    ],
)
async def test_text_before_the_first_option_says_what_to_type_instead(
    app, line: str, said: list[str]
) -> None:
    reply = await execute(app, line, Seat(permissions=frozenset({"manage_messages"})))

    assert reply.is_error, reply.content
    for words in said:
        assert words in reply.content, reply.content


async def test_a_command_typed_without_its_slash_is_given_the_line_to_type(app) -> None:
    """Was "Commands start with '/', e.g. /film quick film:La La Land" for `film quick
    film:akira`: the example, not the member's own line."""
    reply = await execute(app, "film quick film:La La Land", Seat())

    assert reply.is_error and "type /film quick film:La La Land" in reply.content, reply.content


async def test_free_text_may_hold_words_written_as_options(app) -> None:
    """Another command's option is refused after a title, not inside a member's own words,
    which Discord sends whole."""
    reply = await execute(app, "/film search query:observatory page:2", Seat())
    assert "has no option" not in (reply.content or ""), reply.content
    posted = await execute(app, "/spoiler post film:La La Land text:see page:2 mode:x", Seat())
    assert not posted.is_error, posted.content


@pytest.mark.parametrize(
    "line",
    [
        "/film quick film:La La Land",
        "/film quick Film:La La Land",  # option names are found whatever their case
        "/film quick film:la la land private:True",
    ],
)
async def test_an_option_name_is_found_whatever_its_case(app, line: str) -> None:
    reply = await execute(app, line, Seat())

    assert not reply.is_error, reply.content


async def test_a_colon_inside_a_value_is_still_the_value(app) -> None:
    """Titles and texts hold colons ('Mission: Impossible', 'Re:Zero'): only a word close to one
    of the command's own option names is taken for a misspelt option."""
    reply = await execute(app, "/film search query:Re:Zero note:it", Seat())

    # Searched (and not found), not refused as an option misspelt.
    assert (reply.content or "").startswith("⚠️ Nothing matches"), reply.content


@pytest.mark.parametrize("word", ["help", "Help", "HELP", " help ", "?"])
async def test_help_is_help_whatever_its_case(app, capsys, word: str) -> None:
    await interactive(app, Seat(), as_json=False, read=feed(word))

    out = capsys.readouterr().out.split("help, or quit", 1)[1]  # help, not the banner
    assert "/spoiler-rules embargo film:" in out, out


async def test_slash_help_says_where_the_list_is(app) -> None:
    """Members type /help first; the console called it unknown and listed group names only."""
    reply = await execute(app, "/help", Seat())

    assert reply.is_error
    assert "help (without the /)" in reply.content, reply.content


@pytest.mark.parametrize(
    ("line", "form_title"),
    [
        ("/film-admin edit film:La La Land section:quick_answer", "Quick answer"),
        ("/film-admin edit film:La La Land section:Quick answer", "Quick answer"),
        ("/film-admin edit film:La La Land section:final shot", "The final shot"),
        ("/film-admin edit film:La La Land section:The final shot", "The final shot"),
    ],
)
async def test_a_choice_is_taken_by_the_name_discord_shows_for_it(
    app, line: str, form_title: str
) -> None:
    """Discord lists /film-admin edit's sections by name ("Quick answer"); typed so in the
    console, it was refused as not one of quick_answer, final_shot, …"""
    reply = await execute(app, line, Seat(permissions=frozenset({"manage_guild"}), user_id=999))

    assert reply.modal is not None, reply.content
    assert reply.modal.title.startswith(form_title), reply.modal.title


async def test_a_mode_is_taken_however_its_hyphen_is_typed(app) -> None:
    seat = Seat(permissions=frozenset({"manage_messages"}))
    reply = await execute(app, "/spoiler-rules channel channel:20 mode:No spoilers", seat)

    assert not reply.is_error, reply.content
    assert "no-spoilers" in reply.content


def test_discord_lists_each_section_by_its_name() -> None:
    """Discord's choice list showed quick_answer and final_shot, names of the content format."""
    from bot.command_table import command_table

    section = command_table()["film-admin edit"].option("section")
    assert section is not None
    names = dict(zip(section.choices, section.choice_names, strict=True))
    assert names["quick_answer"] == "Quick answer"
    assert names["final_shot"] == "The final shot"
    assert names["synopsis"] == "Synopsis"


async def test_a_file_in_a_reply_is_saved_where_asked(app, capsys, tmp_path) -> None:
    """/film-admin export printed "[file] la-la-land-2016.yaml (19757 bytes)", and a console
    user had no way to get the file to edit and import again."""
    seat = Seat(permissions=frozenset({"manage_guild"}))
    target = tmp_path / "exported.yaml"
    await interactive(
        app,
        seat,
        as_json=False,
        read=feed("/film-admin export film:La La Land", f"save {target}", f"save {target}"),
    )

    out = capsys.readouterr().out
    assert "save PATH" in out
    assert target.read_text(encoding="utf-8").startswith("title: La La Land") or (
        "title: La La Land" in target.read_text(encoding="utf-8")
    )
    assert f"saved {target}" in out
    # A second save never replaces the file (an edited export): it says so.
    assert "already exists" in out


async def test_save_goes_into_a_folder_under_the_files_own_name(app, capsys, tmp_path) -> None:
    seat = Seat(permissions=frozenset({"manage_guild"}))
    await interactive(
        app,
        seat,
        as_json=False,
        read=feed("/film-admin export film:La La Land", f"save {tmp_path}"),
    )

    assert (tmp_path / "la-la-land-2016.yaml").is_file(), capsys.readouterr().out


async def test_save_makes_a_folder_not_made_yet(app, capsys, tmp_path) -> None:
    """Was "cannot be written (No such file or directory)", naming neither the folder nor what
    to do; ``epilogue import-article --out`` makes the folder, and so does save now."""
    seat = Seat(permissions=frozenset({"manage_guild"}))
    target = tmp_path / "drafts" / "films" / "x.yaml"
    await interactive(
        app, seat, as_json=False, read=feed("/film-admin export film:La La Land", f"save {target}")
    )

    assert target.is_file(), capsys.readouterr().out


async def test_save_to_a_path_ending_in_a_slash_is_a_folder(app, capsys, tmp_path) -> None:
    """Was a file named "drafts" (its name cut at the slash), and the next save into the
    folder "drafts/" failed with "Not a directory"."""
    seat = Seat(permissions=frozenset({"manage_guild"}))
    await interactive(
        app,
        seat,
        as_json=False,
        read=feed("/film-admin export film:La La Land", f"save {tmp_path / 'drafts'}/"),
    )

    assert (tmp_path / "drafts" / "la-la-land-2016.yaml").is_file(), capsys.readouterr().out


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (["save /tmp/x"], "no file"),
        (["/film list", "save /tmp/x"], "no file"),
        (["/film-admin export film:La La Land", "save"], "save needs a path"),
    ],
)
async def test_save_without_a_file_or_path_says_why(app, capsys, lines, said) -> None:
    seat = Seat(permissions=frozenset({"manage_guild"}))
    await interactive(app, seat, as_json=False, read=feed(*lines))

    assert said in capsys.readouterr().out


async def test_another_seat_cannot_save_a_private_replys_file(app, capsys, tmp_path) -> None:
    seat = Seat(permissions=frozenset({"manage_guild"}))
    target = tmp_path / "x.yaml"
    await interactive(
        app,
        seat,
        as_json=False,
        read=feed("/film-admin export film:La La Land", "as --user 5", f"save {target}"),
    )

    assert not target.exists()
    assert "sent only to user 1000" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("reveal", "--json"),
        ("as --user 5", "epilogue console --user 5"),
        ("save x.yaml", "console session"),
        ("quit", "console session"),
    ],
)
async def test_a_session_word_given_to_dash_c_says_where_it_works(app, line, said) -> None:
    """`epilogue console -c reveal` was told "Commands start with '/'", as if reveal were not
    a console word at all."""
    reply = await execute(app, line, Seat())

    assert reply.is_error
    assert "Commands start with" not in reply.content
    assert said in reply.content, reply.content


@pytest.mark.parametrize("name", sorted(command_table()))
async def test_help_on_one_command_explains_each_option(app, capsys, name: str) -> None:
    """Was: ``help /spoiler-rules embargo`` answered "Commands start with '/'", and the only help
    was the list of every command with its options' names: what ``until:`` takes, which modes
    ``mode:`` offers or how high ``days:`` may go was in the README alone."""
    spec = command_table()[name]
    await interactive(app, Seat(), as_json=False, read=feed(f"help /{name}"))

    out = capsys.readouterr().out.split("help, or quit", 1)[1]  # help, not the banner
    assert f"/{name}" in out and spec.description in out, out
    assert "Commands:" not in out  # that command alone, not the whole list
    for option in spec.options:
        assert f"{option.name}:" in out and option.description in out, out
        for choice in option.choices:
            assert choice in out, out
        for bound in (option.min_value, option.max_value, option.max_length):
            if bound is not None:
                assert str(bound) in out, out


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("help spoiler-rules", "/spoiler-rules embargo"),  # a group: its subcommands
        ("help /film-admin", "/film-admin unhide"),
        ("? /film quick", "The quick answer"),
        ("help /flim quik", "Did you mean /film quick?"),
        ("help /nothing", "help (alone) lists every command"),
    ],
)
async def test_help_on_a_group_or_a_mistyped_command(app, capsys, line: str, expected: str) -> None:
    await interactive(app, Seat(), as_json=False, read=feed(line))

    out = capsys.readouterr().out.split("help, or quit", 1)[1]
    assert expected in out, out


ONE_OF_VALUES = {"days": "30", "until": "2099-01-01", "role": "<@&45>", "clear": "true"}
"""A valid value for each option of a command's "exactly one of" pair."""


@pytest.mark.parametrize("name", sorted(n for n, s in command_table().items() if s.one_of))
async def test_help_says_which_options_go_alone_and_the_command_holds_to_it(
    app, capsys, name: str
) -> None:
    """Was: ``help /spoiler-rules embargo`` listed ``days:`` and ``until:`` each "(optional)",
    and the usage ``[days:] [until:]``: a moderator giving neither, or both, was refused by
    the command for what the help had allowed."""
    spec = command_table()[name]
    first, second = spec.one_of
    await interactive(app, Seat(), as_json=False, read=feed(f"help /{name}"))
    out = capsys.readouterr().out.split("help, or quit", 1)[1]
    usage = next(line for line in out.splitlines() if line.startswith(f"/{name}"))
    assert f"{first}:|{second}:" in usage, out
    assert f"Give exactly one of {first}: or {second}:" in out, out

    seat = Seat(permissions=frozenset({"manage_guild"}))
    film = " film:la la land" if spec.option("film") else ""
    for given in ("", f" {first}:{ONE_OF_VALUES[first]} {second}:{ONE_OF_VALUES[second]}"):
        reply = await execute(app, f"/{name}{film}{given}", seat)
        assert reply.is_error, reply.content
        assert f"{first}:" in reply.content and f"{second}:" in reply.content, reply.content


async def test_a_folder_given_for_a_file_says_how_to_load_it(app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Was "file: cannot read …/films (Is a directory).": an admin with a folder of content
    files learnt neither that one file is attached at a time nor how to load them all."""
    films = tmp_path / "films"
    films.mkdir()
    for name in ("b-film.yaml", "a-film.yml", "notes.txt"):
        (films / name).write_text("title: x\n")
    seat = Seat(permissions={"manage_guild"}, guild_id=3)
    reply = await execute(app, f"/film-admin import file:{films}", seat)
    assert reply.is_error and reply.content
    said = reply.content
    assert f"{films} is a folder" in said
    assert f"file:{films / 'a-film.yml'}" in said  # one of its own, to attach
    assert "2 content files" in said
    assert f"epilogue import {films} --guild 3" in said  # the whole folder, as this server's


@pytest.mark.parametrize("guild", ["abc", "<#5>", "<@5>"])
def test_a_server_is_not_asked_for_or_taken_as_a_mention(guild: str) -> None:
    """A server has no mention in Discord: `--guild abc` was told to give "a mention like
    <#123>" (a channel's), and `--guild <#5>` took channel 5's id as the server's."""
    with pytest.raises(InvalidInput) as caught:
        seat_from_flags(guild=guild)
    message = str(caught.value)
    assert message.startswith("--guild") and "dm" in message and "<#123>" not in message, message


def test_a_discord_timestamp_is_shown_as_the_readers_client_shows_it() -> None:
    """Was "<t:1483876800:f> your time" in the console: Discord's client writes such a
    timestamp as a date and time in its reader's own timezone, and so does the console (the
    terminal's), and a relative one as how long from now."""
    lifts = dt.datetime(2017, 1, 8, 12, 0, tzinfo=dt.UTC)
    shown = readable(Reply.text(f"lifts <t:{int(lifts.timestamp())}:f> your time, <t:1:R>."))
    assert "<t:" not in shown, shown
    assert f"lifts {lifts.astimezone():%Y-%m-%d %H:%M} " in shown, shown
    assert "years ago." in shown, shown


async def test_a_greyed_out_button_does_nothing_as_in_discord(app) -> None:
    """Was the first page shown again for `press` on ◀ Previous (disabled) on page 1: Discord's
    client sends no click for a disabled button, so the console says nothing happened."""
    seat = Seat()
    answer = await execute(app, "/film ending film:La La Land", seat)
    greyed = next(button for button in answer.buttons if button.disabled)

    pressed = await execute(app, f"press {greyed.custom_id}", seat)

    assert pressed.is_error and "greyed out" in pressed.content, pressed.content
    assert greyed.label in pressed.content
    enabled = next(b for b in answer.buttons if not b.disabled and "Next" in b.label)
    turned = await execute(app, f"press {enabled.custom_id}", seat)
    assert not turned.is_error and "Page 2/" in (turned.embeds[0].footer or "")
    # On page 2, ◀ Previous is no longer greyed out: it turns back.
    back = next(b for b in turned.buttons if "Previous" in b.label)
    assert not back.disabled
    assert not (await execute(app, f"press {back.custom_id}", seat)).is_error


async def test_a_refused_submit_keeps_what_was_typed_and_names_every_problem(app) -> None:
    """Discord's client keeps a form open with what was typed in it when a required field is
    empty, and marks every such field at once; the console named one and forgot the rest of
    the typing, so each retry had to retype every field (and then learnt the next problem)."""
    admin = Seat(permissions=frozenset({"manage_guild"}))
    await execute(app, "/film-admin add", admin)

    missing = await execute(app, "submit synopsis:A lake at dusk.", admin)

    said = missing.content or ""
    assert missing.is_error
    assert "Title (title:) is required" in said and "(quick_answer:) is required" in said, said
    assert "Year (year:) is required" in said, said
    assert "submit title:… year:… quick_answer:…" in said, said
    shown = readable(await execute(app, "/film-admin add", admin))
    assert "A lake at dusk." not in shown  # a form opened again is a new one, as in Discord

    await execute(app, "submit synopsis:A lake at dusk. title:Other Lake", admin)
    too_long = await execute(app, f"submit year:2019 quick_answer:{'x' * 5000}", admin)
    assert too_long.is_error and "holds at most" in (too_long.content or "")
    sent = await execute(app, "submit quick_answer:She goes.", admin)

    assert not sent.is_error, sent.content
    card = await execute(app, "/film info film:other lake", Seat())
    assert card.embeds[0].description == "A lake at dusk.", card.embeds[0].description
