"""The guard's switches: per server and per channel (moderators), and a member's own opt-out.

Each change is stored with its entry in the moderators' audit log (``SpoilerRules._audit``, the
one audit writer) in one transaction, and the guard forgets its cached settings once it commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, or_, update

from bot import audit
from bot.command_table import ChannelRef
from bot.db import upsert
from bot.db.models import GuardedChannel, GuardOptOut, GuildSettings
from bot.errors import InvalidInput, NotAllowed
from bot.invocation import Invocation
from bot.places import channel_mention
from bot.replies import Reply
from bot.spoiler_policy.stored_rules import guild_settings_defaults

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

NEEDS_INTENT = (
    " The guard reads messages only if the bot has Discord's Message Content intent (see the"
    " README); without it, it sees no text and hides nothing."
)


SETTINGS = GuildSettings.__table__


def _guild(invocation: Invocation) -> int:
    if invocation.guild_id is None:
        raise NotAllowed("The spoiler guard belongs to a server: run this in the server.")
    return invocation.guild_id


def _films(all_films: bool) -> str:
    return "every film" if all_films else "embargoed films"


class GuardRules:
    def __init__(self, app: Epilogue) -> None:
        self._app = app

    async def set_guard(
        self, invocation: Invocation, enabled: bool, all_films: bool | None
    ) -> Reply:
        guild_id = _guild(invocation)
        app = self._app
        values: dict[str, object] = {"guard_enabled": enabled}
        if all_films is not None:
            values["guard_all_films"] = all_films
        async with app.sessions() as session, session.begin():
            # As every server setting: the row with the defaults first, then an update that
            # reports whether it changed anything, so identical requests at once change once.
            await session.execute(
                upsert.insert(session, SETTINGS)
                .values(guild_settings_defaults(guild_id))
                .on_conflict_do_nothing(index_elements=[SETTINGS.c.guild_id])
            )
            differs = or_(*(SETTINGS.c[name].is_distinct_from(v) for name, v in values.items()))
            updated = await session.execute(
                update(SETTINGS)
                .where(SETTINGS.c.guild_id == guild_id, differs)
                .values(values)
                .returning(SETTINGS.c.guard_all_films)
            )
            row = updated.first()
            if row is None:
                current = await session.get(GuildSettings, guild_id)
                watching = current is not None and current.guard_all_films
                state = f"on for {_films(watching)}" if enabled else "off"
                return Reply.text(f"Nothing changed: the spoiler guard is already {state} here.")
            scope = _films(row[0])
            detail = f"turned the spoiler guard {'on for ' + scope if enabled else 'off'}"
            app.member_spoilers.guard.changed(session, guild_id)
            audit.record(session, app.standings, invocation, "guard", detail)
        if not enabled:
            # all_films: given with enabled:false is kept for when it is on again: say so.
            later = "" if all_films is None else f" When it is on again, it watches {scope}."
            return Reply.text(
                f"✅ The spoiler guard is off: members' messages are left alone.{later}"
            )
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
            stored = await session.execute(
                upsert.changed(
                    session,
                    GuardedChannel.__table__,
                    {"channel_id": channel.id, "guild_id": guild_id, "guarded": enabled},
                    # This server's switch only, as for channel rules (``ChannelRule``).
                    key=("guild_id", "channel_id"),
                    changing=("guarded",),
                )
            )
            # Moderators' texts name a thread behind bars (``bot.places``): the answer one
            # known to be a thread (the console's, of unknown kind, draws as its id), the log
            # any that may be one.
            where = channel_mention(channel.id, thread=channel.thread is True)
            logged = channel_mention(channel.id, thread=channel.thread is not False)
            if stored.first() is None:
                return Reply.text(
                    f"Nothing changed: the guard is already {'on' if enabled else 'off'}"
                    f" in {where}."
                )
            app.member_spoilers.guard.changed(session, guild_id)
            state = "on" if enabled else "off"
            audit.record(
                session,
                app.standings,
                invocation,
                "guard-channel",
                f"turned the spoiler guard {state} in {logged}",
            )
            settings = await session.get(GuildSettings, guild_id)
        if settings is None or not settings.guard_enabled:
            return Reply.text(
                f"✅ The spoiler guard will be {state} in {where} once it is on for the"
                " server: it is off in the whole server now (/spoiler-rules guard enabled:true"
                " turns it on)."
            )
        note = "" if enabled else " Members' messages there are left alone."
        return Reply.text(
            f"✅ The spoiler guard is {state} in {where} (while it is on for the server).{note}"
        )

    async def set_own(self, invocation: Invocation, guarded: bool) -> Reply:
        guild_id = _guild(invocation)
        app = self._app
        async with app.sessions() as session, session.begin():
            table = GuardOptOut.__table__
            mine = {"user_id": invocation.user_id, "guild_id": guild_id}
            if guarded:
                statement = delete(table).where(
                    table.c.user_id == invocation.user_id, table.c.guild_id == guild_id
                )
            else:
                statement = upsert.insert(session, table).values(mine).on_conflict_do_nothing()
            # One statement the database settles; a row comes back only if it changed.
            changed = await session.execute(statement.returning(table.c.user_id))
            settings = await session.get(GuildSettings, guild_id)
            # "Looks at your messages" is only true while the server's guard is on.
            off = (
                ""
                if settings is not None and settings.guard_enabled
                else " (The guard is off in this server for now: this holds once a moderator"
                " turns it on.)"
            )
            if changed.first() is None:
                already = (
                    "looks at your messages here" if guarded else "leaves your messages alone here"
                )
                return Reply.text(f"Nothing changed: the spoiler guard already {already}.{off}")
            app.member_spoilers.guard.changed(session, guild_id)
        if guarded:
            return Reply.text(f"✅ The spoiler guard looks at your messages here again.{off}")
        return Reply.text(
            # Escaped bars show as typed: bare ones drew a black bar where the how-to should be.
            "✅ The spoiler guard leaves your messages alone here. Please hide your own spoilers:"
            f" type \\|\\|like this\\|\\| (two bars either side), or use /spoiler post.{off}"
        )
