"""Who may do what, and where: Discord's defaults, Epilogue's own checks, and server isolation.

Discord hides moderator and admin commands from members by their default permissions, but a
server's admins can lift those defaults (Server Settings → Integrations). Then Discord sends
anything from anyone, and Epilogue's own checks are all that is left: ``overridden_permissions``
plays such a server.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.harness import LA_LA_LAND, FilmClub, overridden_permissions, shown, spoils
from tests.e2e.invariants import PromiseChecker
from tests.e2e.paper_moons import MARKERS, PAPER_MOONS, import_paper_moons
from tests.standin import StandinError, StandinServer
from tests.standin.world import (
    ADMINISTRATOR,
    ATTACH_FILES,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    Overwrite,
)

pytestmark = pytest.mark.usefixtures("bot")

MODERATOR_COMMANDS = (
    "/spoiler-rules show",
    "/spoiler-rules channel channel:#general mode:spoilers",
    "/spoiler-rules default mode:spoilers",
    f"/spoiler-rules embargo film:{LA_LA_LAND} until:2099-01-01",
    f"/spoiler-rules embargo-clear film:{LA_LA_LAND}",
    "/spoiler-rules role clear:true",
    "/spoiler-rules optin enabled:false",
    "/spoiler-rules cooldown seconds:5",
    "/spoiler-rules log",
)
ADMIN_COMMANDS = (
    "/spoiler-rules moderator-role clear:true",
    "/film-admin add",
    f"/film-admin export film:{LA_LA_LAND}",
    f"/film-admin edit film:{LA_LA_LAND} section:synopsis",
    f"/film-admin remove film:{LA_LA_LAND}",
)


async def test_discord_hides_moderator_and_admin_commands(
    standin: StandinServer, people: FilmClub
) -> None:
    for command in ("/spoiler-rules show", "/film-admin add"):
        with pytest.raises(StandinError, match="lacks permissions"):
            await standin.run_command(command, user=people.member, channel=people.general)
    with pytest.raises(StandinError, match="lacks permissions"):
        await standin.run_command("/film-admin add", user=people.moderator, channel=people.general)
    with pytest.raises(StandinError, match="not available"):
        await standin.run_command("/spoiler-rules show", user=people.moderator, dm=True)


async def test_members_are_refused_when_the_server_lifts_the_defaults(
    standin: StandinServer, people: FilmClub
) -> None:
    with overridden_permissions(standin, people.club):
        for command in MODERATOR_COMMANDS:
            result = await standin.run_command(command, user=people.member, channel=people.general)
            assert result.message.ephemeral, command
            assert "is for moderators" in result.message.content, command
        for command in ADMIN_COMMANDS:
            result = await standin.run_command(command, user=people.member, channel=people.general)
            assert result.modal is None, command
            assert "is for server admins" in result.message.content, command
        upload = await standin.run_command(
            "/film-admin import",
            user=people.moderator,
            channel=people.general,
            options={"file": ("paper-moons.yaml", PAPER_MOONS)},
        )
        assert upload.message.ephemeral and "server admins" in upload.message.content
        assert not standin.requests_to("GET", r"/attachments/.*"), "nothing is downloaded"

    assert standin.modals == []
    rules = await standin.run_command(
        "/spoiler-rules show", user=people.moderator, channel=people.general
    )
    assert "None: every channel follows the default mode" in shown(rules.message)
    log = await standin.run_command(
        "/spoiler-rules log", user=people.moderator, channel=people.general
    )
    assert "Nothing is in this server's moderators' log yet" in log.message.content


async def test_moderators_cannot_do_admin_things(standin: StandinServer, people: FilmClub) -> None:
    # /spoiler-rules is shown to moderators as a whole; one of its commands is for admins.
    result = await standin.run_command(
        f"/spoiler-rules moderator-role role:{people.fans.mention}",
        user=people.moderator,
        channel=people.general,
    )
    assert "is for server admins" in result.message.content


async def test_moderator_role_lets_its_members_moderate(
    standin: StandinServer, people: FilmClub
) -> None:
    people.club.add_member(people.friend, [people.fans])
    said = await standin.run_command(
        f"/spoiler-rules moderator-role role:{people.fans.mention}",
        user=people.admin,
        channel=people.general,
    )
    assert f"<@&{people.fans.id}>" in said.message.content

    with overridden_permissions(standin, people.club):
        by_role = await standin.run_command(
            "/spoiler-rules default mode:no-spoilers", user=people.friend, channel=people.general
        )
        assert "Channels without their own rule" in by_role.message.content
        without = await standin.run_command(
            "/spoiler-rules default mode:spoilers", user=people.member, channel=people.general
        )
        assert "is for moderators" in without.message.content
        await standin.run_command(
            "/spoiler-rules moderator-role clear:true", user=people.admin, channel=people.general
        )
        cleared = await standin.run_command(
            "/spoiler-rules default mode:spoilers", user=people.friend, channel=people.general
        )
        assert "is for moderators" in cleared.message.content


async def test_a_timed_out_moderator_cannot_moderate_until_the_timeout_ends(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord leaves a timed-out member only View Channel and Read Message History (and says
    so in the interaction's permissions); Epilogue's moderator role is suspended likewise. An
    administrator cannot be timed out, and a timeout in the past has ended."""
    people.club.add_member(people.friend, [people.fans])
    await standin.run_command(
        f"/spoiler-rules moderator-role role:{people.fans.mention}",
        user=people.admin,
        channel=people.general,
    )
    root = people.world.user("root")
    people.club.add_member(root, [people.club.role("Root", ADMINISTRATOR)])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    for user in (people.friend, people.moderator, people.admin, root):
        people.club.members[user.id].timed_out_until = later

    with overridden_permissions(standin, people.club):
        by_role, by_permission, manager, admin = [
            await standin.run_command(
                "/spoiler-rules default mode:no-spoilers", user=user, channel=people.general
            )
            for user in (people.friend, people.moderator, people.admin, root)
        ]
        for refused in (by_role, by_permission, manager):
            assert "you are timed out in this server" in refused.message.content
            assert f"<t:{int(later.timestamp())}:R>" in refused.message.content
        assert "Channels without their own rule" in admin.message.content

        people.club.members[people.friend.id].timed_out_until = dt.datetime.now(dt.UTC)
        ended = await standin.run_command(
            "/spoiler-rules default mode:spoilers", user=people.friend, channel=people.general
        )
        assert "Channels without their own rule" in ended.message.content


async def test_a_timed_out_member_cannot_post_through_epilogue(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord still delivers a timed-out member's command, but they may not post: Epilogue
    does not post their words for them."""
    people.club.members[people.member.id].timed_out_until = dt.datetime.now(dt.UTC) + dt.timedelta(
        minutes=10
    )

    result = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:Mia marries someone else",
        user=people.member,
        channel=people.spoiler_room,
    )

    assert result.message.ephemeral and "you are timed out" in result.message.content.lower()
    assert standin.messages_in(people.spoiler_room) == []


async def test_a_member_yet_to_agree_to_the_rules_cannot_post_through_epilogue(
    standin: StandinServer, people: FilmClub
) -> None:
    """Membership screening: a member who has not agreed to the server's rules reads but does
    not talk; Epilogue does not talk for them, and answers them as anyone else."""
    people.club.members[people.member.id].pending = True

    refused = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:Mia marries someone else",
        user=people.member,
        channel=people.spoiler_room,
    )
    answered = await standin.run_command(
        f"/film info film:{LA_LA_LAND}", user=people.member, channel=people.general
    )

    assert refused.message.ephemeral and "agreed to this server's rules" in refused.message.content
    assert standin.messages_in(people.spoiler_room) == []
    assert "Damien Chazelle" in answered.message.text


async def test_rules_stay_in_their_server(standin: StandinServer, people: FilmClub) -> None:
    for command in (
        "/spoiler-rules default mode:no-spoilers",
        f"/spoiler-rules embargo film:{LA_LA_LAND} until:2099-01-01",
        "/spoiler-rules optin enabled:false",
    ):
        await standin.run_command(command, user=people.moderator, channel=people.general)

    other = await standin.run_command(
        "/spoiler-rules show", user=people.other_admin, channel=people.other_general
    )
    text = shown(other.message)
    assert "standard" in text and "Spoiler embargoes\n" not in text
    assert "None." in text and "On: members who chose" in text
    answer = await standin.run_command(
        f"/film quick film:{LA_LA_LAND}", user=people.other_member, channel=people.other_general
    )
    assert not answer.message.ephemeral


async def test_a_channel_of_another_server_is_refused(
    standin: StandinServer, people: FilmClub
) -> None:
    # Discord's picker offers only this server's channels; a forged payload names another's.
    forged = await standin.run_command(
        "/spoiler-rules channel mode:spoilers",
        user=people.admin,
        channel=people.general,
        options={"channel": people.other_general},
    )

    assert forged.message.ephemeral
    assert "not in this server" in forged.message.content
    other = await standin.run_command(
        "/spoiler-rules show", user=people.other_admin, channel=people.other_general
    )
    assert "None: every channel follows the default mode" in shown(other.message)
    answer = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.other_member, channel=people.other_general
    )
    assert not answer.message.ephemeral and not spoils(answer.message)


async def test_another_servers_admin_cannot_touch_this_servers_films(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    promise.watch(*MARKERS)
    await import_paper_moons(standin, people)

    for command in (
        "/film-admin remove film:Paper Moons",
        "/film-admin edit film:Paper Moons section:synopsis",
        "/film-admin export film:Paper Moons",
    ):
        result = await standin.run_command(
            command, user=people.other_admin, channel=people.other_general
        )
        assert result.modal is None, command
        assert "No film matches" in result.message.content, command

    still = await standin.run_command(
        "/film info film:Paper Moons", user=people.member, channel=people.general
    )
    assert "puppet theatre" in shown(still.message)


async def test_a_button_copied_into_another_server_does_nothing(
    standin: StandinServer, people: FilmClub, promise: PromiseChecker
) -> None:
    promise.watch(*MARKERS)
    preview = (
        await standin.run_command(
            "/film-admin import",
            user=people.admin,
            channel=people.general,
            options={"file": ("paper-moons.yaml", PAPER_MOONS)},
        )
    ).message
    # Discord only routes presses of buttons on Epilogue's own messages; plant one anyway.
    planted = standin._new_message(people.other_general.id, {"components": preview.components}, [])
    confirm = next(c for c in preview.custom_ids if c.startswith("epi:p:confirm:"))

    pressed = await standin.press_button(planted["id"], confirm, user=people.other_admin)

    assert pressed.message.ephemeral and "expired" in pressed.message.content
    for user, channel in (
        (people.member, people.general),
        (people.other_member, people.other_general),
    ):
        choices = await standin.autocomplete("/film info film:paper", user=user, channel=channel)
        assert choices == []


async def test_only_the_bot_owner_syncs_from_discord(
    standin: StandinServer, people: FilmClub
) -> None:
    # /epilogue is for Administrators by default; this server lifted that for everyone.
    with overridden_permissions(standin, people.club):
        refused = await standin.run_command(
            "/epilogue sync scope:here", user=people.admin, channel=people.general
        )
        assert "Only the bot's owner" in refused.message.content
        assert people.club.id not in standin.guild_commands

        synced = await standin.run_command(
            "/epilogue sync scope:everywhere", user=people.owner, channel=people.general
        )
    assert synced.message.ephemeral
    registered = standin.global_commands
    assert f"Registered {len(registered)} commands everywhere" in synced.message.content


@pytest.mark.parametrize(
    ("status", "had_a_copy", "put_served"),
    [(404, True, True), (405, False, True), (404, False, False)],
    ids=["copy-404", "none-405", "no-server-commands"],
)
async def test_sync_everywhere_where_the_servers_commands_are_not_listed(
    standin: StandinServer, people: FilmClub, status: int, had_a_copy: bool, put_served: bool
) -> None:
    """A Discord stand-in serving the overwrite alone (no ``GET`` of a server's commands), or
    no route for a server's commands at all: /epilogue sync everywhere registers the commands
    and leaves the server no copy of its own, rather than "Something went wrong" after
    registering them."""
    copy = [dict(c, guild_id=str(people.club.id)) for c in standin.global_commands]
    standin.guild_commands[people.club.id] = copy if had_a_copy else []
    server_commands = r"/applications/\d+/guilds/\d+/commands"
    standin.fail("GET", server_commands, status, times=5)
    if not put_served:
        standin.fail("PUT", server_commands, status, times=5)
    with overridden_permissions(standin, people.club):
        synced = await standin.run_command(
            "/epilogue sync scope:everywhere", user=people.owner, channel=people.general
        )
    registered = standin.global_commands
    assert f"Registered {len(registered)} commands everywhere" in synced.message.content
    assert standin.guild_commands[people.club.id] == []
    picker = [(c["name"], c.get("type", 1)) for c in standin.commands_for(people.club.id)]
    assert picker and len(picker) == len(set(picker))


async def test_the_picker_never_lists_a_command_twice(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord lists a server's copy of a command beside the global one: scope:here while the
    commands are global would show members each command twice, so it is refused."""
    with overridden_permissions(standin, people.club):
        refused = await standin.run_command(
            "/epilogue sync scope:here", user=people.owner, channel=people.general
        )
    assert "each command twice" in refused.message.content
    assert refused.message.ephemeral
    picker = [(c["name"], c.get("type", 1)) for c in standin.commands_for(people.club.id)]
    assert picker and len(picker) == len(set(picker))


async def test_an_interaction_without_the_members_permissions_reads_them_from_the_server(
    standin: StandinServer, people: FilmClub
) -> None:
    """Discord sends the asker's permissions in the channel with every interaction in a server;
    one without them is read from the server's roles and the channel's overwrites, never as
    none at all (a moderator refused) nor as more than the roles give (a member let in)."""
    standin.member_permissions_sent = False
    moderated = await standin.run_command(
        "/spoiler-rules default mode:no-spoilers", user=people.moderator, channel=people.general
    )
    assert "✅" in moderated.message.content, moderated.message.content

    with overridden_permissions(standin, people.club):
        refused = await standin.run_command(
            "/spoiler-rules default mode:spoilers", user=people.member, channel=people.general
        )
    assert "✅" not in refused.message.content


@pytest.mark.parametrize(
    ("where", "denied", "options", "said"),
    [
        ("general", SEND_MESSAGES, {}, "send messages"),
        ("thread", SEND_MESSAGES_IN_THREADS, {}, "send messages in threads"),
        ("general", ATTACH_FILES, {"attachment": ("last-shot.png", b"\x89PNG")}, "attach files"),
    ],
)
async def test_a_member_the_channel_keeps_quiet_cannot_post_through_epilogue(
    standin: StandinServer,
    people: FilmClub,
    where: str,
    denied: int,
    options: dict[str, object],
    said: str,
) -> None:
    """A channel whose overwrites take Send Messages (in a thread: Send Messages in Threads; a
    file: Attach Files) from a member still delivers their commands (Use Application Commands
    is its own permission): Epilogue does not post for them what they may not post."""
    channel = getattr(people, where)
    parent = people.general
    parent.overwrites = [Overwrite(people.member.id, 1, deny=denied)]

    refused = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:Mia marries someone else",
        user=people.member,
        channel=channel,
        options=options,
    )
    allowed = await standin.run_command(
        f"/spoiler post film:{LA_LA_LAND} text:Mia marries someone else",
        user=people.friend,
        channel=channel,
    )

    assert refused.message.ephemeral and said in refused.message.content.lower()
    assert "nothing was posted" in refused.message.content.lower()
    assert [m.id for m in standin.messages_in(channel)] == [allowed.message.id]
