"""An interaction's member without ``permissions``: what Epilogue works out in their stead."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.harness import FilmClub, bot_in_process, make_config
from tests.standin import StandinServer
from tests.standin.world import MANAGE_MESSAGES, Overwrite

SPOILER = "la la land: Mia marries someone else, and five years later they meet in his jazz club"


async def test_a_channels_overwrites_unknown_to_the_bot_never_make_a_member_a_moderator(
    standin: StandinServer, people: FilmClub, tmp_path: Path
) -> None:
    """A channel can take Manage Messages back from a role; Discord's own permissions for the
    asker say so. Without them, they are worked out from the channel discord.py holds, and a
    channel it was never sent (a GUILD_CREATE without channels, an interaction's partial
    channel without overwrites) cannot tell: unknown is none, never the roles' alone."""
    standin.member_permissions_sent = False
    standin.documented_partials = True
    standin.gateway.channels_in_guild_create = False
    people.general.overwrites.append(Overwrite(people.moderators.id, kind=0, deny=MANAGE_MESSAGES))
    async with bot_in_process(standin, make_config(tmp_path / "epilogue.db", people.owner)):
        said = await standin.member_says(SPOILER, user=people.member, channel=people.general)
        result = await standin.run_message_command("Hide as spoiler", said, user=people.moderator)

    assert "Only the message's author" in result.message.content, result.message.content
    assert standin.message(said.id) is not None
