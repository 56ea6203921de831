"""A server's spoiler rules: channel modes, embargoes, opt-in role, cooldown, audit log.

Every change is stored together with its audit entry in one transaction, so the log never misses a
change and never records one that did not happen. A request that would change nothing writes
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit
from bot.buttons import LogPageButton
from bot.catalog import FilmEntry
from bot.command_table import ChannelRef
from bot.content.renames import CONTENT_FIX
from bot.cooldowns import MAX_COOLDOWN_SECONDS
from bot.db import upsert
from bot.db.models import AuditEntry, ChannelRule, Embargo, Film, GuardedChannel, GuildSettings
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.features.spoiler_rules.dates import MAX_EMBARGO_DAYS, end_date
from bot.invocation import EARLIEST_OFFSET, Invocation
from bot.labels import bold_film_label, logged_label
from bot.line_fitting import EMBED_CHARS, EMBED_FIELDS, FIELD_VALUE_LIMIT, fit_in_fields
from bot.paging import check_page
from bot.places import channel_mention
from bot.replies import Button, Embed, EmbedField, Reply
from bot.spoiler_policy.markup import escape_text, truncate_plain
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.rehiding import REHIDE_REACH, RulesChange
from bot.spoiler_policy.rule_texts import channel_origin, embargo_lines_in_force, mode_text
from bot.spoiler_policy.stored_rules import (
    guild_settings,
    guild_settings_defaults,
    load_guild_rules,
)

if TYPE_CHECKING:
    from bot.epilogue import Epilogue


CHANNELS = ChannelRule.__table__
EMBARGOES = Embargo.__table__
SETTINGS = GuildSettings.__table__

INHERIT = "inherit"
"""``/spoiler-rules channel mode:inherit``: drop the channel's own rule."""
LOG_PAGE_SIZE = 20
SHOW_TITLE = "Spoiler rules in this server"
# One log line's detail, escaped: 20 lines of date, mention and detail stay under 4096.
LOG_DETAIL_LIMIT = 140
# Channel and role mentions in audit details render as names; with allowed_mentions none they
# never ping, so they are the one markup kept when a detail is shown.
KEPT_MENTIONS = re.compile(r"\|\|<#\d+>\|\||<#\d+>|<@&\d+>")
"""Channel and role mentions, kept as such; a channel mention behind bars stays behind them
(a thread whose title gives an ending away: ``bot.places.channel_mention``)."""


def audit_text(detail: str) -> str:
    """An audit detail as safe markdown: channel and role mentions kept, the rest escaped."""
    parts: list[str] = []
    pos = 0
    for mention in KEPT_MENTIONS.finditer(detail):
        parts.append(escape_text(detail[pos : mention.start()]))
        parts.append(mention.group())
        pos = mention.end()
    parts.append(escape_text(detail[pos:]))
    return "".join(parts)


def _who(user_id: int) -> str:
    """Who made a logged change: a member, or Epilogue itself (the automatic guard, a content
    load's rename), whose 0 Discord would draw as an unknown user."""
    return "Epilogue" if user_id == CONTENT_FIX else f"<@{user_id}>"


def _guild(invocation: Invocation) -> int:
    if invocation.guild_id is None:
        raise NotAllowed("Spoiler rules belong to a server: run this in the server, not in DMs.")
    return invocation.guild_id


def _role_choice(guild_id: int, role: int | None, clear: bool, what: str) -> int | None:
    """The role to store, or None to remove it; both or neither given is a mistake."""
    if role is not None and clear:
        raise InvalidInput("Give either role: or clear:true, not both. Nothing was changed.")
    if role is None and not clear:
        raise InvalidInput(
            f"Name the {what} with role:, or remove the current one with clear:true."
        )
    if role == guild_id:
        # Discord gives @everyone the server's own id.
        raise InvalidInput(
            f"@everyone cannot be the {what}: it would apply to every member. Pick a role"
            " members join on purpose."
        )
    return role


def _shown_detail(detail: str) -> str:
    """A detail for one log line; escaping lengthens text, so the plain text is cut to fit."""
    limit = LOG_DETAIL_LIMIT
    text = audit_text(truncate_plain(detail, limit))
    # Escaping at most triples a character: a limit near a third of the room always fits.
    while len(text) > LOG_DETAIL_LIMIT and limit > 20:
        limit -= 20
        text = audit_text(truncate_plain(detail, limit))
    return text


class SpoilerRules:
    def __init__(self, app: Epilogue) -> None:
        self._app = app

    # -- reading -------------------------------------------------------------------------------

    async def show(self, invocation: Invocation) -> Reply:
        """Every rule in force here, readably."""
        guild_id = _guild(invocation)
        async with self._app.sessions() as session:
            settings = await guild_settings(session, guild_id)
            rules = (
                await session.scalars(
                    select(ChannelRule)
                    .where(ChannelRule.guild_id == guild_id)
                    .order_by(ChannelRule.channel_id)
                )
            ).all()
            embargo_lines = await embargo_lines_in_force(session, guild_id, invocation.embargo_day)
            unguarded = (
                await session.scalars(
                    select(GuardedChannel.channel_id)
                    .where(GuardedChannel.guild_id == guild_id, GuardedChannel.guarded.is_(False))
                    .order_by(GuardedChannel.channel_id)
                )
            ).all()
        # Discord draws a mention as the channel's name now: a thread's title is a member's
        # words, so a thread (or a rule that may be one's) is named behind bars.
        channel_lines = [
            f"{channel_mention(rule.channel_id, thread=rule.thread is not False)}: **{rule.mode}**"
            for rule in rules
        ]
        moderators = "Members with Manage Messages, Manage Server or Administrator"
        if settings.moderator_role_id is not None:
            moderators += f", and the role <@&{settings.moderator_role_id}>"
        description = "Threads follow their parent channel unless they have their own rule."
        footer = "Change them with /spoiler-rules · history: /spoiler-rules log"
        lists = (
            ("Channel rules", channel_lines, "None: every channel follows the default mode."),
            ("Spoiler embargoes", embargo_lines, "None."),
            ("Spoiler guard", _guard_lines(settings, unguarded), ""),
        )
        fixed = (
            EmbedField(
                "Opt-ins",
                "On: members who chose /spoilers (or have the opt-in role) get spoilers privately"
                if settings.optin_enabled
                else "Off: spoilers stay hidden from everyone outside spoiler channels",
            ),
            EmbedField(
                "Opt-in role",
                f"<@&{settings.optin_role_id}>" if settings.optin_role_id is not None else "None",
                inline=True,
            ),
            EmbedField(
                "Cooldown",
                f"{settings.cooldown_seconds} s per member, per command"
                if settings.cooldown_seconds
                else "Off",
                inline=True,
            ),
            EmbedField("Moderators", moderators),
            EmbedField(
                "Hide as spoiler",
                "Any member may hide a message"
                if settings.member_hiding
                else "A message's author and moderators",
                inline=True,
            ),
        )
        default = EmbedField("Default mode", mode_text(ChannelMode(settings.default_mode)))
        # A busy server's lists go on in further fields, within what one message holds.
        chars = EMBED_CHARS - len(SHOW_TITLE) - len(description) - len(footer)
        chars -= sum(len(f.name) + len(f.value) for f in (default, *fixed))
        fields_left = EMBED_FIELDS - 1 - len(fixed)
        listed: dict[str, list[EmbedField]] = {}
        for index, (name, lines, empty) in enumerate(lists):
            if not lines:
                listed[name] = [EmbedField(name, empty)]
                chars -= len(name) + len(empty)
                fields_left -= 1
                continue
            # Each list after this one keeps room for its first field.
            later = lists[index + 1 :]
            reserve = sum(
                len(n) + min(FIELD_VALUE_LIMIT, len("\n".join(ls)) or len(e)) for n, ls, e in later
            )
            parts = fit_in_fields(
                name, lines, chars=chars - reserve, fields=fields_left - len(later)
            )
            listed[name] = [EmbedField(n, v) for n, v in parts]
            chars -= sum(len(n) + len(v) for n, v in parts)
            fields_left -= len(parts)
        fields = (
            default,
            *listed["Channel rules"],
            *listed["Spoiler embargoes"],
            *fixed[:4],
            *listed["Spoiler guard"],
            fixed[4],
        )
        embed = Embed(title=SHOW_TITLE, description=description, fields=fields, footer=footer)
        return Reply(embeds=(embed,), ephemeral=True)

    async def history(
        self, invocation: Invocation, page: int = 1, *, pressed: bool = False
    ) -> Reply:
        """Who changed which rule, when: newest first, LOG_PAGE_SIZE a page (``page`` from 1;
        ``pressed``: a button's, clamped to the pages there are now, editing its message)."""
        guild_id = _guild(invocation)
        async with self._app.sessions() as session:
            total = await session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.guild_id == guild_id)
            )
            pages = max(1, -(-(total or 0) // LOG_PAGE_SIZE))
            if pressed:
                page = max(1, min(page, pages))
            else:
                check_page(page, pages, "the log")
            entries = (
                await session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.guild_id == guild_id)
                    .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
                    .offset((page - 1) * LOG_PAGE_SIZE)
                    .limit(LOG_PAGE_SIZE)
                )
            ).all()
        if not entries:
            return Reply.text(
                "Nothing is in this server's moderators' log yet: spoiler rule changes, film"
                " changes and messages hidden as spoilers are listed here."
            )
        lines = [
            f"`{entry.created_at:%Y-%m-%d %H:%M}` {_who(entry.user_id)}"
            f" {_shown_detail(entry.detail)}"
            for entry in entries
        ]
        footer = f"Page {page}/{pages} · times in UTC"
        rows: tuple[tuple[Button, ...], ...] = ()
        if pages > 1:
            rows = (
                (
                    Button("◀ Previous", LogPageButton(page - 1).encode(), disabled=page == 1),
                    Button("Next ▶", LogPageButton(page + 1).encode(), disabled=page == pages),
                ),
            )
        embed = Embed(
            # Not only rules: film imports, edits and removals, and hides are logged here too.
            title="Moderators' log, newest first",
            description="\n".join(lines),
            footer=footer,
        )
        return Reply(embeds=(embed,), rows=rows, ephemeral=True, edits_original=pressed)

    # -- channel modes -------------------------------------------------------------------------

    async def rehiding(
        self,
        invocation: Invocation,
        change: Coroutine[Any, Any, Reply],
        channel_id: int | None,
        parent_id: int | None,
    ) -> Reply:
        """``change`` (a channel's rule, or the default for ``channel_id`` None), carrying the
        rules before and after it when it turned places away from spoilers, so the adapter
        hides again what Epilogue posted openly there, and the moderator is told so."""
        try:
            guild_id = _guild(invocation)
            async with self._app.sessions() as session:
                before = await load_guild_rules(session, guild_id)
        except BaseException:
            change.close()  # never run: nothing changed
            raise
        reply = await change
        async with self._app.sessions() as session:
            after = await load_guild_rules(session, guild_id)
        rules_change = RulesChange(before, after, invocation.embargo_day)
        if reply.is_error or not rules_change.may_leave_spoilers(channel_id, parent_id):
            return reply
        # Recorded before the moderator is told: a restart before it is done resumes it.
        pending_id = await self._app.rehidings.record(guild_id, invocation.user_id, before)
        rules_change = replace(rules_change, pending_id=pending_id)
        where = (
            "in each such channel"
            if channel_id is None
            else "there"
            if parent_id is not None  # a thread
            else "there and in its threads"
        )
        note = (
            f" Epilogue hides again the plot and ending text its own messages show {where},"
            f" among the latest {REHIDE_REACH} messages of each; delete older ones by hand."
        )
        return replace(reply, content=(reply.content or "") + note, rules_change=rules_change)

    async def set_channel(self, invocation: Invocation, channel: ChannelRef, mode: str) -> Reply:
        guild_id = _guild(invocation)
        if channel.guild_id != guild_id:
            raise NotAllowed(
                "That channel is not in this server: name one of this server's channels or"
                " threads. Nothing was changed."
            )
        if mode == INHERIT:
            return await self._inherit(invocation, guild_id, channel)
        wanted = _mode(mode)
        async with self._app.sessions() as session, session.begin():
            # This server's row for the channel: another server's rule for the same id (the
            # channel is theirs, and a forged option named it here) is never touched.
            stored = await session.execute(
                upsert.changed(
                    session,
                    CHANNELS,
                    {
                        "channel_id": channel.id,
                        "guild_id": guild_id,
                        "mode": wanted.value,
                        "thread": channel.thread,
                    },
                    key=("guild_id", "channel_id"),
                    changing=("mode",),
                    along=("thread",),
                )
            )
            # Moderators' texts name a thread behind bars (``bot.places``): its title is a
            # member's words. The log outlives this moment: a place of unknown kind too.
            where = channel_mention(channel.id, thread=channel.thread is True)
            if stored.first() is None:
                return Reply.text(f"Nothing changed: {where} is already {wanted.value}.")
            logged = channel_mention(channel.id, thread=channel.thread is not False)
            self._audit(session, invocation, "channel", f"set {logged} to {wanted.value}")
        threads = "" if channel.parent_id else " Its threads follow it unless they have their own."
        note = await self._embargoes_lifted_note(invocation, wanted, where, one=True)
        return Reply.text(f"✅ {where} is now {mode_text(wanted)}.{threads}{note}")

    async def _embargoes_lifted_note(
        self, invocation: Invocation, mode: ChannelMode, where: str, *, one: bool = False
    ) -> str:
        """Spoiler channels are where embargoes do not hold: a moderator making one while
        films are under an embargo is told which of them it now shows there, not left to
        find out from a member who read an ending."""
        if mode is not ChannelMode.SPOILERS:
            return ""
        async with self._app.sessions() as session:
            films = await embargo_lines_in_force(session, _guild(invocation), invocation.today)
        if not films:
            return ""
        shown = ", ".join(films[:3]) + (f" and {len(films) - 3} more" if len(films) > 3 else "")
        return (
            f" Note: embargoes do not hold in spoiler channels, so {where} now show"
            f"{'s' if one else ''} everyone the spoilers of films under an"
            f" embargo here: {shown}."
        )

    async def _inherit(self, invocation: Invocation, guild_id: int, channel: ChannelRef) -> Reply:
        async with self._app.sessions() as session, session.begin():
            dropped = await session.execute(
                delete(CHANNELS)
                .where(CHANNELS.c.channel_id == channel.id, CHANNELS.c.guild_id == guild_id)
                .returning(CHANNELS.c.channel_id)
            )
            had_rule = dropped.first() is not None
            # Read in this transaction: the rule just deleted is gone from it.
            rules = await load_guild_rules(session, guild_id)
            mode = rules.mode(channel.id, channel.parent_id)
            origin = await channel_origin(session, guild_id, channel.id, channel.parent_id)
            follows = f"follows {origin}: {mode_text(mode)}"
            where = channel_mention(channel.id, thread=channel.thread is True)
            if had_rule:
                logged = channel_mention(channel.id, thread=channel.thread is not False)
                self._audit(
                    session, invocation, "channel", f"set {logged} to inherit: it follows {origin}"
                )
        if not had_rule:
            return Reply.text(f"Nothing changed: {where} has no rule of its own. It {follows}.")
        return Reply.text(f"✅ {where} has no rule of its own now. It {follows}.")

    async def set_default(self, invocation: Invocation, mode: str) -> Reply:
        wanted = _mode(mode)
        if not await self._store(
            invocation,
            "default_mode",
            wanted.value,
            "default",
            f"set the default mode to {wanted.value}",
        ):
            return Reply.text(f"Nothing changed: the default mode is already {wanted.value}.")
        note = await self._embargoes_lifted_note(
            invocation, wanted, "channels without their own rule"
        )
        return Reply.text(
            f"✅ Channels without their own rule are now {mode_text(wanted)}."
            f" See every rule with /spoiler-rules show.{note}"
        )

    # -- embargoes -----------------------------------------------------------------------------

    async def embargo(
        self, invocation: Invocation, entry: FilmEntry, *, days: int | None, until: str | None
    ) -> Reply:
        """Keep a film's spoilers private here until ``days`` after its release, or ``until``."""
        guild_id = _guild(invocation)
        example = _example_end(invocation.today)
        if (days is None) == (until is None):
            raise InvalidInput(
                "Give exactly one of days: (counted from the film's release date) or until:"
                f" (the date the embargo ends, e.g. until:{example})."
            )
        if days is not None and not 1 <= days <= MAX_EMBARGO_DAYS:
            raise InvalidInput(f"days: must be from 1 to {MAX_EMBARGO_DAYS}, not {days}.")
        # An end date is measured as answers measure it: a day still beginning somewhere
        # (UTC-12) is in the future, so an embargo for it is taken, and holds until 12:00 UTC.
        end = embargo_end(until, invocation) if until is not None else None
        label = bold_film_label(entry)
        async with self._app.sessions() as session, session.begin():
            stored = await session.get(Film, entry.id)
            if stored is None or (stored.guild_id, stored.slug) != (entry.guild_id, entry.slug):
                # Gone, or its row id reused by another film since (the catalog was behind).
                raise NotFound("That film is no longer available: it was removed or replaced.")
            if days is not None:
                end = _end_after_release(stored, label, days, invocation.embargo_day, example)
            assert end is not None  # one of days/until is given, checked above
            before = await session.get(Embargo, (guild_id, entry.work))
            # An embargo in force that this one moves: say so, above all when it is shortened.
            was = (
                before.until
                if before is not None and before.until > invocation.embargo_day
                else None
            )
            stored = await session.execute(
                upsert.changed(
                    session,
                    EMBARGOES,
                    {
                        "guild_id": guild_id,
                        "work": entry.work,
                        "title": entry.title,
                        "year": entry.year,
                        "until": end,
                    },
                    key=("guild_id", "work"),
                    changing=("until",),
                )
            )
            if stored.first() is None:
                return Reply.text(f"Nothing changed: {label} is already embargoed until {end}.")
            self._audit(
                session,
                invocation,
                "embargo",
                f"embargoed {logged_label(entry)} until {end.isoformat()}"
                + ("" if was is None else f" (was until {was.isoformat()})"),
            )
        moved = "" if was is None else f" It was until {was.isoformat()}: the new date replaces it."
        # Discord shows a timestamp in each reader's own timezone: the moment it lifts for them.
        lifts = dt.datetime.combine(end, dt.time(), dt.UTC) + EARLIEST_OFFSET
        return Reply.text(
            f"✅ {label} is under a spoiler embargo here until {end.isoformat()} (it lifts once"
            f" that day has begun everywhere, at 12:00 UTC: <t:{int(lifts.timestamp())}:f> your"
            " time): its plot and ending details are only sent privately, except in spoiler"
            f" channels.{moved}"
        )

    async def clear_embargo(self, invocation: Invocation, entry: FilmEntry) -> Reply:
        guild_id = _guild(invocation)
        label = bold_film_label(entry)
        async with self._app.sessions() as session, session.begin():
            lifted = await session.execute(
                delete(EMBARGOES)
                .where(EMBARGOES.c.guild_id == guild_id, EMBARGOES.c.work == entry.work)
                .returning(EMBARGOES.c.until)
            )
            until = lifted.scalar()
            if until is None:
                return Reply.text(f"Nothing changed: {label} has no embargo in this server.")
            ended = until <= invocation.embargo_day
            self._audit(
                session,
                invocation,
                "embargo-clear",
                f"lifted the embargo on {logged_label(entry)}",
            )
        if ended:
            return Reply.text(
                f"✅ Removed the embargo on {label}; it had already ended on {until}."
            )
        return Reply.text(f"✅ {label} is no longer embargoed here: the channel rules apply.")

    # -- server settings -----------------------------------------------------------------------

    async def _set_role(
        self,
        invocation: Invocation,
        role: int | None,
        clear: bool,
        column: str,
        action: str,
        name: str,
    ) -> tuple[int | None, bool, object]:
        """Set (or with ``clear``, remove) the server's role stored in ``column``, logged as
        ``action``: the role now (None: removed), whether that changed anything, and the role
        it replaced."""
        chosen = _role_choice(_guild(invocation), role, clear, name)
        changed, previous = await self._replace(
            invocation,
            column,
            chosen,
            action,
            (lambda was: f"removed the {name} <@&{was}>")
            if chosen is None
            else (lambda was: f"set the {name} to <@&{chosen}>{_was_role(was)}"),
        )
        return chosen, changed, previous

    async def set_optin_role(self, invocation: Invocation, role: int | None, clear: bool) -> Reply:
        chosen, changed, previous = await self._set_role(
            invocation, role, clear, "optin_role_id", "optin-role", "opt-in role"
        )
        if chosen is None:
            if not changed:
                return Reply.text("Nothing changed: this server has no opt-in role.")
            return Reply.text(
                f"✅ Removed the opt-in role <@&{previous}>: its members no longer count as opted"
                " in; only members' own /spoilers choices count now."
            )
        if not changed:
            return Reply.text(f"Nothing changed: <@&{chosen}> is already the opt-in role.")
        settings_note = await self._optin_off_note(_guild(invocation))
        replaced = (
            f" It replaces <@&{previous}>: its members no longer count as opted in (their own"
            " /spoilers choices still do)."
            if previous is not None
            else ""
        )
        return Reply.text(
            f"✅ Members with <@&{chosen}> now count as opted in to every film's spoilers here:"
            f" answers with spoilers come to them privately and unwrapped.{replaced}"
            f"{settings_note}"
        )

    async def set_optin(self, invocation: Invocation, enabled: bool) -> Reply:
        state = "on" if enabled else "off"
        if not await self._store(
            invocation, "optin_enabled", enabled, "optin", f"turned opt-ins {state}"
        ):
            return Reply.text(f"Nothing changed: opt-ins are already {state} here.")
        if enabled:
            return Reply.text(
                "✅ Opt-ins are on: members who chose /spoilers (or have the opt-in role) get"
                " spoilers privately and unwrapped."
            )
        return Reply.text(
            "✅ Opt-ins are off: members' /spoilers choices and the opt-in role are ignored here,"
            " so spoilers stay wrapped or private for everyone outside spoiler channels."
        )

    async def set_cooldown(self, invocation: Invocation, seconds: int) -> Reply:
        if not 0 <= seconds <= MAX_COOLDOWN_SECONDS:
            raise InvalidInput(
                f"seconds: must be from 0 (no cooldown) to {MAX_COOLDOWN_SECONDS}, not {seconds}."
            )
        detail = f"set the cooldown to {seconds} s" if seconds else "turned the cooldown off"
        if not await self._store(invocation, "cooldown_seconds", seconds, "cooldown", detail):
            return Reply.text(f"Nothing changed: the cooldown is already {seconds} s.")
        if not seconds:
            return Reply.text("✅ Cooldown off: members can use commands as often as they like.")
        return Reply.text(
            f"✅ Members now wait {seconds} s between two uses of the same command."
            " Moderator commands have no cooldown, nor /spoilers and /spoiler guard-me"
            " (private, a member's own settings)."
        )

    async def set_moderator_role(
        self, invocation: Invocation, role: int | None, clear: bool
    ) -> Reply:
        chosen, changed, previous = await self._set_role(
            invocation, role, clear, "moderator_role_id", "moderator-role", "moderator role"
        )
        if chosen is None:
            if not changed:
                return Reply.text("Nothing changed: this server has no moderator role.")
            return Reply.text(
                f"✅ Removed the moderator role <@&{previous}>: only members with Manage"
                " Messages, Manage Server or Administrator can change spoiler rules now."
            )
        if not changed:
            return Reply.text(f"Nothing changed: <@&{chosen}> is already the moderator role.")
        replaced = (
            f" It replaces <@&{previous}>: its members can no longer change them, unless they"
            " have Manage Messages."
            if previous is not None
            else ""
        )
        return Reply.text(
            f"✅ Members with <@&{chosen}> can now change spoiler rules (/spoiler-rules), as can"
            f" anyone with Manage Messages.{replaced}"
        )

    async def set_member_hiding(self, invocation: Invocation, enabled: bool) -> Reply:
        state = "on" if enabled else "off"
        if not await self._store(
            invocation, "member_hiding", enabled, "member-hiding", f"turned member hiding {state}"
        ):
            return Reply.text(f"Nothing changed: member hiding is already {state} here.")
        if enabled:
            return Reply.text(
                "✅ Any member can now hide another member's message as a spoiler"
                " (Apps → Hide as spoiler); each hide is in /spoiler-rules log."
            )
        return Reply.text("✅ Only a message's author and moderators can hide it as a spoiler now.")

    # -- storage -------------------------------------------------------------------------------

    async def _store(
        self, invocation: Invocation, column: str, value: object, action: str, detail: str
    ) -> bool:
        """Set one server setting with its audit entry; False if it already had that value."""
        changed, _previous = await self._replace(invocation, column, value, action, detail)
        return changed

    async def _replace(
        self,
        invocation: Invocation,
        column: str,
        value: object,
        action: str,
        detail: str | Callable[[object], str],
    ) -> tuple[bool, object]:
        """``_store``, and the value it replaced (read in the same transaction, the row locked
        where the database can), which ``detail`` may name."""
        guild_id = _guild(invocation)
        async with self._app.sessions() as session, session.begin():
            # A server's first change creates its settings row with the defaults; then only an
            # update that finds another value changes it, so of identical requests at once
            # exactly one sees a change (and writes the one audit entry).
            defaults = guild_settings_defaults(guild_id)
            await session.execute(
                upsert.insert(session, SETTINGS)
                .values(defaults)
                .on_conflict_do_nothing(index_elements=[SETTINGS.c.guild_id])
            )
            previous = await session.scalar(
                select(SETTINGS.c[column]).where(SETTINGS.c.guild_id == guild_id).with_for_update()
            )
            updated = await session.execute(
                update(SETTINGS)
                .where(SETTINGS.c.guild_id == guild_id, SETTINGS.c[column].is_distinct_from(value))
                .values({column: value})
                .returning(SETTINGS.c.guild_id)
            )
            if updated.first() is None:
                return False, previous
            self._audit(
                session, invocation, action, detail if isinstance(detail, str) else detail(previous)
            )
        return True, previous

    async def _optin_off_note(self, guild_id: int) -> str:
        async with self._app.sessions() as session:
            settings = await guild_settings(session, guild_id)
        if settings.optin_enabled:
            return ""
        return " Note: opt-ins are off here, so the role has no effect until /spoiler-rules optin."

    def _audit(
        self, session: AsyncSession, invocation: Invocation, action: str, detail: str
    ) -> None:
        _guild(invocation)
        audit.record(session, self._app.standings, invocation, action, detail)


def _was_role(previous: object) -> str:
    """The role a setting named before, for the log: " (was <@&45>)"; none: nothing."""
    return f" (was <@&{previous}>)" if previous is not None else ""


def _guard_lines(settings: GuildSettings, unguarded: Sequence[int]) -> list[str]:
    """The spoiler guard's switches as ``show`` lists them: the server's, then channels off."""
    if not settings.guard_enabled:
        return ["Off: members' messages are left alone"]
    films = "every film" if settings.guard_all_films else "embargoed films"
    if not unguarded:
        return [f"On for {films}"]
    # The guard's switches do not record whether a channel is a thread, whose title (drawn for
    # its mention) is a member's words: each is named behind bars, as a rule of unknown kind is.
    return [
        f"On for {films}, except in:",
        *(channel_mention(channel, thread=True) for channel in unguarded),
    ]


def _mode(text: str) -> ChannelMode:
    try:
        return ChannelMode(text)
    except ValueError:
        names = ", ".join(mode.value for mode in ChannelMode)
        raise InvalidInput(f"mode: must be one of {names}, not '{text[:40]}'.") from None


def embargo_end(until: str, invocation: Invocation) -> dt.date:
    """The day /spoiler-rules embargo's ``until:`` names, as the command reads it; InvalidInput
    saying why when it names no one day still to come."""
    return _future_date(until, invocation, _example_end(invocation.today))


def _example_end(today: dt.date) -> str:
    return (today + dt.timedelta(days=30)).isoformat()


def _future_date(text: str, invocation: Invocation, example: str) -> dt.date:
    date = end_date(text, today=invocation.today, begun=invocation.embargo_day, example=example)
    if date <= invocation.embargo_day:
        raise InvalidInput(
            f"until: {date} has already begun everywhere on Earth (an embargo lifts once its"
            " day has, at 12:00 UTC), so the embargo would already be over: give a later date."
        )
    return date


def _end_after_release(film: Film, label: str, days: int, today: dt.date, example: str) -> dt.date:
    if film.release_date is None:
        raise InvalidInput(
            f"{label} has no release date, so days: cannot be counted from it. Give the end date"
            f" instead, e.g. until:{example}."
        )
    try:
        end = film.release_date + dt.timedelta(days=days)
    except OverflowError:
        # A stored date from before the schema capped release dates can sit near year 9999.
        raise InvalidInput(
            f"{label} has the release date {film.release_date}, too late to count {days} days"
            f" from: fix its release date, or give the end date instead, e.g. until:{example}."
        ) from None
    if end <= today:
        raise InvalidInput(
            f"{label} was released on {film.release_date}, so a {days}-day embargo would have"
            f" ended on {end}. Give more days, or an end date with until:YYYY-MM-DD."
        )
    return end
