"""Where an interaction comes from, as Discord describes it and discord.py's cache may not.

An interaction carries what the bot needs (the member with their role ids and permissions, the
channel as a partial object), but discord.py builds some of it from its cache: a server whose
GUILD_CREATE has not come yet (READY lists it as unavailable: an outage as the bot connects, or
a big bot's first minutes) or a thread it never cached (archived threads are not in
GUILD_CREATE) is known only by what the interaction says. What a member sees must not depend on
what the cache happened to hold.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from client.bot import EpilogueBot
from tests.e2e.harness import (
    LA_LA_LAND,
    FilmClub,
    behind_bars,
    bot_in_process,
    footer,
    make_config,
    overridden_permissions,
    shown,
    spoils,
)
from tests.e2e.invariants import PromiseChecker
from tests.standin import StandinServer
from tests.standin.world import (
    DEFAULT_EVERYONE,
    MANAGE_MESSAGES,
    MANAGE_WEBHOOKS,
    VIEW_CHANNEL,
    Channel,
    Overwrite,
)


@pytest.fixture
async def bot_before_the_club(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> AsyncIterator[EpilogueBot]:
    """The bot connected while the club was in an outage: READY listed it, no GUILD_CREATE."""
    people.club.available = False
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config) as running:
        assert running.get_guild(people.club.id) is None
        yield running
    assert promise.violations() == []
    assert standin.unknown_requests == []


@pytest.mark.usefixtures("bot_before_the_club")
async def test_a_server_not_yet_sent_keeps_its_members_roles(
    standin: StandinServer, people: FilmClub
) -> None:
    """discord.py resolves a member's role ids against the cached server and drops those it
    cannot find: all of them, before GUILD_CREATE. Epilogue's moderator role must still count."""
    people.club.add_member(people.friend, [people.fans])
    set_role = await standin.run_command(
        f"/spoiler-rules moderator-role role:{people.fans.mention}",
        user=people.admin,
        channel=people.general,
    )
    assert f"<@&{people.fans.id}>" in set_role.message.content

    with overridden_permissions(standin, people.club):
        before = await standin.run_command(
            "/spoiler-rules default mode:no-spoilers", user=people.friend, channel=people.general
        )
        await standin.guild_back(people.club)
        after = await standin.run_command(
            "/spoiler-rules default mode:spoilers", user=people.friend, channel=people.general
        )

    assert "Channels without their own rule" in before.message.content, before.message.content
    assert "Channels without their own rule" in after.message.content, after.message.content


@pytest.mark.usefixtures("bot_before_the_club")
async def test_a_server_not_yet_sent_works_out_the_askers_permissions_left_out(
    standin: StandinServer, people: FilmClub
) -> None:
    """An interaction's member without ``permissions`` (optional in Discord's reference) has
    them worked out from the cached server; in one Discord has not sent yet there is none, and
    every moderator was refused as a member ("you need Manage Messages"). They are worked out
    from what Discord's REST API says of the server and channel, as for the bot; never more."""
    standin.member_permissions_sent = False

    moderator = await standin.run_command(
        "/spoiler-rules default mode:no-spoilers", user=people.moderator, channel=people.general
    )
    with overridden_permissions(standin, people.club):  # a server's admins opened it to all
        member = await standin.run_command(
            "/spoiler-rules default mode:spoilers", user=people.member, channel=people.general
        )
    opened = await standin.run_command(
        f"/film-admin edit film:{LA_LA_LAND} section:synopsis",
        user=people.admin,
        channel=people.general,
    )
    assert opened.modal is not None, opened.message.content
    saved = await standin.submit_modal(
        opened.modal["custom_id"], {"body": "A pianist and an actress."}, user=people.admin
    )

    assert "Channels without their own rule" in moderator.message.content, moderator.message.content
    assert "is for moderators" in member.message.content, member.message.content
    assert "this server's own copy" in saved.message.content, saved.message.content


SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("forum", [False, True], ids=["thread", "forum-post"])
async def test_hide_as_spoiler_in_an_archived_thread_reposts_into_the_thread(
    standin: StandinServer, people: FilmClub, forum: bool
) -> None:
    """Discord archives idle threads and discord.py forgets them; a message there still gets
    Apps → Hide as spoiler. discord.py then gives the message a bare channel (no parent), but
    the interaction's own ``channel`` says it is a thread of which channel: the repost goes
    through the parent's webhook into the thread, which Discord unarchives for it."""
    parent = people.club.forum_channel("reviews") if forum else people.general
    if forum:
        await standin.gateway.dispatch(
            "CHANNEL_CREATE", {**parent.payload(), "guild_id": str(people.club.id)}
        )
    thread = people.club.thread("la-la-land-again", parent)
    await standin.thread_changed(thread)  # THREAD_CREATE's shape: the bot knows it
    said = await standin.member_says(SPOILER, user=people.member, channel=thread)
    await standin.archive_thread(thread)

    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(thread)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    (hook,) = standin.webhooks.values()
    assert int(hook["channel_id"]) == parent.id


@pytest.mark.usefixtures("bot")
async def test_a_server_the_app_is_only_user_installed_in(
    standin: StandinServer, people: FilmClub
) -> None:
    """A member added Epilogue to their own account and uses it in a server the bot was never
    invited to: Discord sends the interactions (authorised by the user, not the server), with no
    GUILD_CREATE before them, and refuses the bot's own calls there (50001). Answers work and
    keep their spoilers behind bars; Hide as spoiler, which needs the bot in the server, says so
    instead of asking an admin for permissions nobody there can give."""
    book_club = people.world.guild("Book Club", bot_member=False)
    lobby = book_club.text_channel("lobby")
    book_club.add_member(people.member)

    info = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=lobby
    )
    ending = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=lobby
    )
    said = await standin.member_says(SPOILER, user=people.member, channel=lobby)
    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Damien Chazelle" in info.message.text and not info.message.ephemeral
    assert "marries" not in shown(ending.message)
    assert hidden.message.ephemeral
    assert "not in this server" in hidden.message.content, hidden.message.content
    assert "server admin" in hidden.message.content
    assert standin.message(said.id) is not None and standin.webhooks == {}


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("rule", ["channel", "default"])
async def test_a_server_that_removed_epilogue_opens_no_channel_its_old_rules_opened(
    standin: StandinServer, people: FilmClub, rule: str
) -> None:
    """Moderators made #general a spoiler channel (or spoilers the server's default), then
    removed Epilogue: its stored rules stay, and nobody there can see or change them any more
    (the channel renamed, its topic changed). A member who installed the app to their own
    account asked for the ending there: answered open, for everyone in #general, under the
    rule of a server that no longer has Epilogue. There the old rules only narrow."""
    where = f"channel channel:{people.general.mention}" if rule == "channel" else "default"
    done = await standin.run_command(
        f"/spoiler-rules {where} mode:spoilers", user=people.moderator, channel=people.general
    )
    assert "spoilers" in done.message.content, done.message.content
    del people.club.members[people.world.bot.id]  # removed: no server install any more
    await standin.gateway.dispatch("GUILD_DELETE", {"id": str(people.club.id)})
    await standin.settle()

    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    assert asked.record.payload["authorizing_integration_owners"] == {"1": str(people.member.id)}
    (answer,) = asked.messages
    assert not answer.ephemeral, "wrapped for the channel, as in a standard one"
    assert not spoils(answer) and "five years" in behind_bars(answer), shown(answer)


@pytest.mark.usefixtures("bot")
async def test_a_group_dm_is_not_a_private_place(standin: StandinServer, people: FilmClub) -> None:
    """In a group DM (context 2, the app installed to the member's account) everyone in it
    sees a reply that is not ephemeral: it is no DM with the bot. Plot and ending details go to
    the asker alone; what everyone sees shows none."""
    friends = [people.friend, people.moderator]
    await standin.run_command(f"/spoilers seen film:{LA_LA_LAND}", user=people.member, dm=True)

    info = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, group_dm=friends
    )
    answers = [
        await standin.run_command(command, user=people.member, group_dm=friends)
        for command in (
            f"/film ending film:{LA_LA_LAND}",
            f"/film recap film:{LA_LA_LAND}",
            "/film search query:jazz club",
        )
    ]

    assert "Damien Chazelle" in info.message.text
    for answer in answers:
        assert answer.message.ephemeral or "marries" not in shown(answer.message)
    seen_by_all = standin.messages_in(info.record.channel_id)
    assert not any("marries" in shown(m) for m in seen_by_all)


@pytest.mark.usefixtures("bot")
async def test_channels_described_only_as_far_as_discord_promises(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord's reference promises a partial channel only id, name, type, permissions, parent,
    position and a few more (threads: ``thread_metadata``); discord.py also wants a thread's
    owner and counts, a voice channel's bitrate. A thread it holds in no cache, or one picked
    as an option, must not make the interaction unreadable (no answer at all)."""
    standin.documented_partials = True
    await standin.archive_thread(people.thread)  # out of discord.py's cache
    lounge = people.club.voice_channel("watch-party")  # never announced: not cached either

    rule = await standin.run_command(
        f"/spoiler-rules channel channel:{people.thread.mention} mode:no-spoilers",
        user=people.moderator,
        channel=people.general,
    )
    in_thread = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.thread
    )
    in_voice = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=lounge
    )

    assert people.thread.mention in rule.message.content, rule.message.content
    assert in_thread.message.ephemeral, "the thread's own no-spoilers rule"
    assert "Damien Chazelle" in in_voice.message.text


@pytest.mark.usefixtures("bot_before_the_club")
async def test_hide_as_spoiler_in_a_server_not_yet_sent(
    standin: StandinServer, people: FilmClub
) -> None:
    """Before its GUILD_CREATE discord.py knows none of the server's channels; the hide finds
    the channel from Discord and reposts as usual."""
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
    threaded = await standin.member_says(SPOILER, user=people.member, channel=people.thread)

    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.member)
    in_thread = await standin.run_message_command("Hide as spoiler", threaded, user=people.member)

    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert "Nothing was lost" in in_thread.message.content, in_thread.message.content
    assert standin.message(said.id) is None and standin.message(threaded.id) is None
    (repost,) = standin.messages_in(people.thread)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


@pytest.mark.usefixtures("bot")
async def test_a_channel_of_a_kind_discord_py_does_not_know_keeps_its_rule(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord adds kinds of channels; discord.py skips a channel of a type it does not know
    (not cached, and the interaction's ``channel`` left None), and then knows no channel id:
    a no-spoilers rule on that channel must still hold."""
    newfangled = people.club.text_channel("newfangled")  # made since the bot connected
    await standin.run_command(
        f"/spoiler-rules channel channel:{newfangled.mention} mode:no-spoilers",
        user=people.moderator,
        channel=people.general,
    )
    newfangled.type = 99  # what it is to Discord: a kind discord.py 2.7 has no class for

    answer = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=newfangled
    )

    assert answer.message.ephemeral
    assert standin.messages_in(newfangled) == []


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("described", ["by-id-only", "thread-without-parent"])
async def test_a_thread_discord_py_does_not_hold_is_as_strict_as_its_parent_could_be(
    standin: StandinServer, people: FilmClub, described: str
) -> None:
    """An archived thread leaves discord.py's cache; an interaction there that names its channel
    by ``channel_id`` alone (or describes the thread without its parent) does not say which
    channel's rule the thread follows. #general is no-spoilers: the answer must not go out in
    public, wrapped, as a standard channel's would. A channel discord.py holds, named the same
    way, keeps its own (standard) public answer, and so does the thread while no channel in the
    server is stricter than the default."""
    await standin.archive_thread(people.thread)  # out of discord.py's cache
    if described == "by-id-only":
        standin.interaction_channels = False
    else:
        standin.interaction_thread_parents = False
    before_rule = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.thread
    )
    await standin.run_command(
        f"/spoiler-rules channel channel:{people.general.mention} mode:no-spoilers",
        user=people.moderator,
        channel=people.general,
    )

    in_thread = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.thread
    )
    in_quiet = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.quiet
    )

    assert not before_rule.message.ephemeral, "no stricter rule anywhere: standard, in public"
    assert in_thread.message.ephemeral, "the thread may be #general's: no-spoilers"
    assert not in_quiet.message.ephemeral, "a held channel without a rule stays standard"


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("described", ["partial", "no_components", "none"])
@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
async def test_a_page_turned_on_a_message_discord_describes_in_part_turns_in_place(
    standin: StandinServer, people: FilmClub, described: str, private: bool
) -> None:
    """A press brings the message it was on: Discord sends it whole, but a message described
    in part (its id and flags, as Discord long described an ephemeral one), without its
    components, or not at all made discord.py drop the press ("This interaction failed").
    The custom id says what to do; the page turns in the message it is on, for its audience
    (a private one's page, taken as such only when the press says so, once Discord confirms
    it)."""
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}" + (" private:true" if private else ""),
        user=people.member,
        channel=people.general,
    )
    standin.pressed_message = described

    turned = await standin.press_button(
        asked.message, asked.message.button_id("Next"), user=people.member
    )

    public = [m for m in standin.messages_in(people.general) if not m.ephemeral]
    if private and described != "none":
        # Turned as a private message's (the press says so): edited in place only once
        # Discord itself says (@original, read through the press's token) it is private.
        assert turned.callback_type == 6 and not turned.followups
        assert any(r.method == "GET" for r in turned.record.requests)
    else:
        assert turned.callback_type == 7, "the message the button is on, edited"
    page = standin.message(asked.message.id)
    assert page is not None and "Page 2/3" in footer(page)
    assert page.ephemeral == private
    assert len(public) == (0 if private else 1), "no second message"


@pytest.fixture(params=[True, False], ids=["app-permissions", "no-app-permissions"])
def app_permissions(request: pytest.FixtureRequest, standin: StandinServer) -> bool:
    """Whether interactions carry ``app_permissions`` (Discord's do; a minimal one may not)."""
    standin.app_permissions_sent = bool(request.param)
    return bool(request.param)


@pytest.mark.usefixtures("app_permissions", "bot_before_the_club")
async def test_hide_in_a_server_never_described_reposts_and_takes_the_original_down(
    standin: StandinServer, people: FilmClub
) -> None:
    """The bot holds nothing of the server but its id (no roles, channels nor its own
    member): its permissions are not read as none (which said Epilogue lacks Manage
    Webhooks); Hide as spoiler does what it does in any server."""
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    assert standin.message(said.id) is None, "the original is gone"
    (repost,) = standin.messages_in(people.general)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


@pytest.mark.usefixtures("bot_before_the_club")
async def test_hide_in_a_thread_of_a_server_never_described_reads_its_parents_permissions(
    standin: StandinServer, people: FilmClub
) -> None:
    standin.app_permissions_sent = False
    said = await standin.member_says(SPOILER, user=people.member, channel=people.thread)

    result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    assert standin.message(said.id) is None, "the original is gone"
    (repost,) = standin.messages_in(people.thread)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


@pytest.mark.usefixtures("bot_before_the_club")
async def test_a_permission_the_channel_takes_away_is_read_in_a_server_never_described(
    standin: StandinServer, people: FilmClub
) -> None:
    """The lookup reads the channel's overwrites too: a channel that denies the bot Manage
    Webhooks is not taken for one that grants it (and nothing is tried there)."""
    standin.app_permissions_sent = False
    bot = people.world.bot.id
    (role,) = people.club.members[bot].roles
    people.club.roles[role].permissions = DEFAULT_EVERYONE | MANAGE_MESSAGES | MANAGE_WEBHOOKS
    people.general.overwrites = [Overwrite(bot, 1, deny=MANAGE_WEBHOOKS)]
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "needs Manage Webhooks" in result.message.content, result.message.content
    assert "Manage Messages" not in result.message.content
    assert standin.message(said.id) is not None, "nothing was changed"
    assert standin.requests_to("POST", f"/channels/{people.general.id}/webhooks") == []


@pytest.mark.usefixtures("bot_before_the_club")
async def test_hide_where_discord_will_not_describe_the_server_says_so_not_a_missing_permission(
    standin: StandinServer, people: FilmClub
) -> None:
    """Nor ``app_permissions``, nor the server from REST: what the bot may do cannot be told,
    and the member reads that (not that Epilogue lacks Manage Webhooks); nothing changes."""
    standin.app_permissions_sent = False
    standin.fail("GET", r"/guilds/\d+", 403, code=50001, times=5)
    said = await standin.member_says(SPOILER, user=people.member, channel=people.general)

    result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "could not tell what it may do" in result.message.content, result.message.content
    assert "Manage" not in result.message.content
    assert standin.message(said.id) is not None, "nothing was changed"


CHANNEL_KINDS = ["voice", "stage", "announcement", "forum-post", "media-post", "private-thread"]


@pytest.mark.parametrize("kind", CHANNEL_KINDS)
@pytest.mark.usefixtures("bot_before_the_club")
async def test_hide_in_every_kind_of_channel_of_a_server_never_described(
    standin: StandinServer, people: FilmClub, kind: str
) -> None:
    """Each kind of channel a member writes in, described only as Discord's reference promises
    and without ``app_permissions``, in a server discord.py holds nothing of: the hide reposts
    (through the parent's webhook in a thread) and the original goes."""
    standin.app_permissions_sent = False
    standin.documented_partials = True
    club = people.club
    channel = {
        "voice": lambda: club.voice_channel("watch-party"),
        "stage": lambda: club.voice_channel("premiere", kind=13),
        "announcement": lambda: club.announcement_channel("news"),
        "forum-post": lambda: club.thread("la-la-land", club.forum_channel("reviews")),
        "media-post": lambda: club.thread("stills", media_channel(people)),
        "private-thread": lambda: club.thread("mods", people.general, private=True),
    }[kind]()
    said = await standin.member_says(SPOILER, user=people.member, channel=channel)

    result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    assert standin.message(said.id) is None, "the original is gone"
    (repost,) = standin.messages_in(channel)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


def media_channel(people: FilmClub) -> Channel:
    media = people.club.forum_channel("stills-gallery")
    media.type = 16  # GUILD_MEDIA: a forum of images
    return media


HEAVY = b"\0" * (10 * 2**20 + 1)
"""One byte over what a server without boosts takes in one file."""


@pytest.mark.usefixtures("bot_before_the_club")
async def test_a_boosted_server_never_described_takes_the_heavier_file(
    standin: StandinServer, people: FilmClub
) -> None:
    """discord.py knows no boost level of a server it was never sent (10 MiB); the
    interaction's ``attachment_size_limit`` is the server's own: the hide is not refused as
    too heavy."""
    people.club.premium_tier = 2
    said = await standin.member_says(
        SPOILER, user=people.member, channel=people.general, files=[("clip.mp4", HEAVY)]
    )

    result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    (repost,) = standin.messages_in(people.general)
    (kept,) = repost.attachments
    assert len(standin.attachment_bytes(kept)) == len(HEAVY)
    assert standin.message(said.id) is None


@pytest.mark.usefixtures("bot_before_the_club")
async def test_spoiler_post_in_a_boosted_server_never_described_takes_the_heavier_file(
    standin: StandinServer, people: FilmClub
) -> None:
    people.club.premium_tier = 2
    posted = await standin.run_command(
        f"/spoiler post film:La La Land text:{SPOILER}",
        user=people.member,
        channel=people.general,
        options={"attachment": ("clip.mp4", HEAVY)},
    )

    assert not posted.message.ephemeral, posted.message.content
    (kept,) = posted.message.attachments
    assert len(standin.attachment_bytes(kept)) == len(HEAVY)


async def test_hide_in_a_thread_whose_parent_discord_py_does_not_hold_reads_permissions(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, tmp_path: Path
) -> None:
    """A server sent without its channels, an interaction without ``app_permissions``, in a
    thread: discord.py cannot work out a thread's permissions without its parent, and they are
    asked of Discord rather than read as none (which said Epilogue lacks Manage Webhooks)."""
    standin.gateway.channels_in_guild_create = False
    standin.app_permissions_sent = False
    config = make_config(tmp_path / "epilogue.db", people.owner)
    async with bot_in_process(standin, config):
        said = await standin.member_says(SPOILER, user=people.member, channel=people.thread)
        result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(people.thread)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)
    assert promise.violations() == []


@pytest.mark.usefixtures("bot")
async def test_hide_in_a_channel_of_a_kind_discord_py_does_not_know(
    standin: StandinServer, people: FilmClub
) -> None:
    """discord.py cannot build a channel of a kind newer than it (reading it from Discord
    raises), and the hide ended in "something went wrong on Epilogue's side". The channel is
    taken as the interaction describes it, and the repost goes where Discord takes it."""
    newfangled = people.club.text_channel("newfangled")
    newfangled.type = 99  # a kind discord.py 2.7 has no class for
    said = await standin.member_says(SPOILER, user=people.member, channel=newfangled)

    result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert "Nothing was lost" in result.message.content, result.message.content
    assert standin.message(said.id) is None
    (repost,) = standin.messages_in(newfangled)
    assert "marries" in behind_bars(repost) and "marries" not in shown(repost)


@pytest.fixture
def outrun_memories(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot's memories of what it read in each interaction's payload, kept by interaction
    id, outrun: a flood of other interactions pushed each out before its handler read it."""
    monkeypatch.setattr("client.bot.UNSURE_KEPT", 0)


@pytest.mark.usefixtures("outrun_memories", "bot")
async def test_a_thread_discord_py_does_not_hold_is_strict_however_many_came_before_its_answer(
    standin: StandinServer, people: FilmClub
) -> None:
    """Whether an interaction's channel may be a thread of a stricter channel was remembered
    by its id, in a bounded memory read when its answer is planned: interactions enough in
    between pushed it out, and the thread of a no-spoilers channel was answered in public, as
    a standard channel. A determination forgotten is the strictest one."""
    await standin.archive_thread(people.thread)  # out of discord.py's cache
    standin.interaction_channels = False
    await standin.run_command(
        f"/spoiler-rules channel channel:{people.general.mention} mode:no-spoilers",
        user=people.moderator,
        channel=people.general,
    )

    in_thread = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.thread
    )

    assert in_thread.message.ephemeral, "the thread may be #general's: no-spoilers"


@pytest.mark.usefixtures("bot")
@pytest.mark.parametrize("rule", ["channel", "default"])
async def test_an_announcement_channel_under_a_spoilers_rule_answers_wrapped(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker, rule: str
) -> None:
    """An announcement channel's messages can be published to every channel following it, in
    other servers, whose readers no rule of this server asked: a spoiler channel's open answer
    posted there reached them unwrapped. There a spoilers rule (the channel's own, or the
    server's default) answers as a standard channel does, wrapped; a no-spoilers rule holds."""
    news = people.club.announcement_channel("news")
    await standin.gateway.dispatch(
        "CHANNEL_CREATE", {**news.payload(), "guild_id": str(people.club.id)}
    )
    await standin.settle()
    where = f"channel channel:{news.mention}" if rule == "channel" else "default"
    done = await standin.run_command(
        f"/spoiler-rules {where} mode:spoilers", user=people.moderator, channel=people.general
    )
    assert "spoilers" in done.message.content, done.message.content

    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=news
    )

    (answer,) = asked.messages
    assert not answer.ephemeral, "answered for the channel, as in a standard one"
    assert not spoils(answer) and "five years" in behind_bars(answer), shown(answer)
    status = await standin.run_command("/spoilers status", user=people.member, channel=news)
    assert "can be published to other servers" in shown(status.message), shown(status.message)
    if rule == "default":  # the server's other channels keep the default the moderators chose
        promise.allow_spoilers_in(people.general.id)
        elsewhere = await standin.run_command(
            f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
        )
        assert "five years" in shown(elsewhere.messages[0])


@pytest.fixture
def unseen_thread(people: FilmClub) -> Channel:
    """A private thread of #general the member and a friend are in but the bot is not, and
    the bot without Manage Threads: Discord shows it nothing of the thread (no event, no read,
    no delete: 50001), yet delivers the members' interactions from it."""
    bot = people.world.bot.id
    (role,) = people.club.members[bot].roles
    people.club.roles[role].permissions = DEFAULT_EVERYONE | MANAGE_MESSAGES | MANAGE_WEBHOOKS
    thread = people.club.thread("after the screening", people.general, private=True)
    thread.joined = {people.member.id, people.friend.id}
    return thread


@pytest.mark.usefixtures("bot")
async def test_a_command_in_a_private_thread_the_bot_was_not_added_to_is_answered(
    standin: StandinServer, people: FilmClub, unseen_thread: Channel
) -> None:
    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=unseen_thread
    )

    assert asked.message.text, asked
    assert not spoils(asked.message) or asked.message.ephemeral, asked.message.text


@pytest.mark.usefixtures("bot")
async def test_hide_in_a_private_thread_the_bot_was_not_added_to_changes_nothing(
    standin: StandinServer, people: FilmClub, unseen_thread: Channel
) -> None:
    """Hide as spoiler there, by the message's author. ``app_permissions`` says ``"0"`` (the
    bot may do nothing there), which discord.py also reads for a field left out: the bot's
    were worked out as the parent's, the webhook on #general posted into the thread, and
    Discord refused the original's delete (50001), the ending left in the open beside its
    repost. A stated ``"0"`` is read as stated: nothing is tried, and the author reads that
    Epilogue was not added to the thread, named, and how to add it."""
    said = await standin.member_says(SPOILER, user=people.friend, channel=unseen_thread)
    before = standin.messages_in(unseen_thread)

    result = await standin.run_message_command("Hide as spoiler", said, user=people.friend)

    assert result.interaction["app_permissions"] == "0"
    assert result.message.ephemeral, result.message.text
    content = result.message.content
    assert "after the screening" in content and "add Epilogue" in content, content
    assert "Manage Messages" not in content, content
    assert standin.messages_in(unseen_thread) == before, "nothing posted, nothing deleted"


@pytest.mark.usefixtures("bot")
async def test_commands_in_a_channel_the_bot_may_not_view_are_answered(
    standin: StandinServer, people: FilmClub
) -> None:
    """A channel whose overwrites hide it from the bot (its role, or the bot itself, denied
    View Channel): Discord still delivers the members' interactions there, with
    ``app_permissions`` without View Channel ("implicitly" denying the rest), and takes their
    answers through the interaction's webhook, which needs no permission. Each command and
    page turned is answered."""
    bot = people.world.bot.id
    (role,) = people.club.members[bot].roles
    people.club.roles[role].permissions = DEFAULT_EVERYONE | MANAGE_MESSAGES | MANAGE_WEBHOOKS
    people.quiet.overwrites = [Overwrite(bot, 1, deny=VIEW_CHANNEL)]

    asked = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.quiet
    )
    assert not int(asked.interaction["app_permissions"]) & VIEW_CHANNEL
    answer = asked.message
    assert "Page 1/3" in footer(answer), answer.text
    turned = await standin.press_button(answer, answer.button_id("Next"), user=people.member)
    page = standin.message(answer.id) if turned.callback_type == 7 else turned.message
    assert page is not None and "Page 2/3" in footer(page), turned
    posted = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:{SPOILER}", user=people.member, channel=people.quiet
    )
    assert "marries" in behind_bars(posted.message) and "marries" not in shown(posted.message)


@pytest.mark.usefixtures("bot")
async def test_hide_in_a_channel_the_bot_may_not_view_changes_nothing(
    standin: StandinServer, people: FilmClub
) -> None:
    """Hide as spoiler in a channel whose overwrites came to deny the bot View Channel after
    Epilogue made its webhook there. ``app_permissions`` still holds Manage Webhooks and
    Manage Messages as bits, which Discord's reference says a channel one cannot view
    "implicitly denies": the webhook, its own, still posts, and Discord refused the
    original's delete (50001), leaving the ending in the open beside its repost. Nothing is
    tried: the member reads that Epilogue cannot see the channel."""
    bot = people.world.bot.id
    (role,) = people.club.members[bot].roles
    people.club.roles[role].permissions = DEFAULT_EVERYONE | MANAGE_MESSAGES | MANAGE_WEBHOOKS
    first = await standin.member_says(SPOILER, user=people.member, channel=people.quiet)
    hidden = await standin.run_message_command("Hide as spoiler", first, user=people.member)
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    people.quiet.overwrites = [Overwrite(bot, 1, deny=VIEW_CHANNEL)]
    said = await standin.member_says(SPOILER, user=people.member, channel=people.quiet)
    before = standin.messages_in(people.quiet)

    result = await standin.run_message_command("Hide as spoiler", said, user=people.member)

    assert result.message.ephemeral
    assert "View Channel" in result.message.content, result.message.content
    assert standin.messages_in(people.quiet) == before, "nothing posted, nothing deleted"
