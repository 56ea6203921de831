"""The guard's switches: per server and per channel (moderators), and a member's own opt-out.

Each change is stored with its entry in the moderators' audit log (``SpoilerRules._audit``, the
one audit writer) in one transaction, and the guard forgets its cached settings once it commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import audit
from bot.command_table import ChannelRef
from bot.db.models import GuardedChannel, GuardOptOut
from bot.errors import InvalidInput, NotAllowed
from bot.invocation import Invocation
from bot.replies import Reply
from bot.spoiler_policy.stored_rules import guild_settings

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

NEEDS_INTENT = (
    " The guard reads messages only if the bot has Discord's Message Content intent (see the"
    " README); without it, it sees no text and hides nothing."
)


def _guild(invocation: Invocation) -> int:
    if invocation.guild_id is None:
        raise NotAllowed("The spoiler guard belongs to a server: run this in the server.")
    return invocation.guild_id


class GuardRules:
    def __init__(self, app: Epilogue) -> None:
        self._app = app

    async def set_guard(
        self, invocation: Invocation, enabled: bool, all_films: bool | None
    ) -> Reply:
        guild_id = _guild(invocation)
        app = self._app
        async with app.sessions() as session, session.begin():
            settings = await guild_settings(session, guild_id)
            wanted_all = settings.guard_all_films if all_films is None else all_films
            if settings.guard_enabled == enabled and settings.guard_all_films == wanted_all:
                return Reply.text("Nothing changed: the spoiler guard is already set that way.")
            settings.guard_enabled = enabled
            settings.guard_all_films = wanted_all
            session.add(settings)
            scope = "every film" if wanted_all else "embargoed films"
            detail = f"turned the spoiler guard {'on for ' + scope if enabled else 'off'}"
            app.member_spoilers.guard.changed(session, guild_id)
            audit.record(session, app.standings, invocation, "guard", detail)
        if not enabled:
            return Reply.text("✅ The spoiler guard is off: members' messages are left alone.")
        return Reply.text(
            f"✅ The spoiler guard is on for {scope}: in standard and no-spoilers channels, a"
            " message that names such a film and gives away its ending is reposted behind"
            " spoiler bars, and its author is told privately. Turn it off in one channel with"
            " /spoiler-rules guard-channel." + NEEDS_INTENT
        )

    async def set_channel(
        self, invocation: Invocation, channel: ChannelRef, enabled: bool
    ) -> Reply:
        guild_id = _guild(invocation)
        if channel.guild_id is not None and channel.guild_id != guild_id:
            raise InvalidInput("channel: must be a channel of this server. Nothing was changed.")
        app = self._app
        async with app.sessions() as session, session.begin():
            row = await session.get(GuardedChannel, channel.id)
            if row is not None and row.guarded == enabled:
                return Reply.text(
                    f"Nothing changed: the guard is already {'on' if enabled else 'off'}"
                    f" in <#{channel.id}>."
                )
            if row is None:
                session.add(
                    GuardedChannel(channel_id=channel.id, guild_id=guild_id, guarded=enabled)
                )
            else:
                row.guarded = enabled
            app.member_spoilers.guard.changed(session, guild_id)
            state = "on" if enabled else "off"
            audit.record(
                session,
                app.standings,
                invocation,
                "guard-channel",
                f"turned the spoiler guard {state} in <#{channel.id}>",
            )
        note = "" if enabled else " Members' messages there are left alone."
        return Reply.text(
            f"✅ The spoiler guard is {state} in <#{channel.id}>"
            f" (while it is on for the server).{note}"
        )

    async def set_own(self, invocation: Invocation, guarded: bool) -> Reply:
        guild_id = _guild(invocation)
        app = self._app
        async with app.sessions() as session, session.begin():
            row = await session.get(GuardOptOut, (invocation.user_id, guild_id))
            if guarded == (row is None):
                return Reply.text("Nothing changed: that is already your choice here.")
            if guarded:
                assert row is not None
                await session.delete(row)
            else:
                session.add(GuardOptOut(user_id=invocation.user_id, guild_id=guild_id))
            app.member_spoilers.guard.changed(session, guild_id)
        if guarded:
            return Reply.text("✅ The spoiler guard looks at your messages here again.")
        return Reply.text(
            "✅ The spoiler guard leaves your messages alone here. Please hide your own spoilers"
            " with ||bars|| or /spoiler post."
        )
