"""Between Discord and the core: an interaction becomes an ``Invocation``, a ``Reply`` becomes
discord.py calls.

Nothing here decides what to show: the core's reply already says what text, which buttons and
who may see it. This module only sends it, always with mentions disabled.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import io
import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
import discord
from discord import app_commands
from discord.http import Route, handle_message_parameters

from bot.dispatch import KEPT_TEXT_CHARS, typed_back
from bot.invocation import Invocation, stored_id
from bot.replies import Button, Embed, Modal, Reply
from bot.spoiler_policy.markup import escape_text
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.rehiding import rehidden_reply, withholds
from client import attempts, callbacks, metrics
from client.first_answers import NOT_ITS_OWN, first_answer_is_its_own
from client.pressed_messages import pressed_flags, private
from client.repost_outcomes import reading_the_answer

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
T = TypeVar("T")


def installed_here(interaction: discord.Interaction[EpilogueBot]) -> bool:
    """Whether the bot is in the interaction's server, as Discord's authorising installations
    say: a server install is ``"0"``, naming that server; an app only installed to a user's
    account (``"1"`` alone) is used where the bot is not a member, and Discord refuses the
    bot's calls there (50001). A server install naming another server (or a DM's ``"0"``) is
    none here: read as one, the old rules of a server that removed Epilogue opened its
    spoiler channels again (``Invocation.server_installed``). Either way the server must be
    one the gateway gave the bot (READY, GUILD_CREATE; discord.py keeps no server it made up
    from an interaction, and drops one Epilogue was removed from: ``client.server_removals``):
    a payload naming no installation at all (older ones, or one that dropped it) says
    nothing, and one naming this server's own install may be a delivery made before the
    removal, sent again after it, which opened the removed server's old spoiler channels
    all the same. A server just joined, whose GUILD_CREATE is still to come, is read as one
    without Epilogue until then, which only narrows."""
    guild_id = interaction.guild_id
    if guild_id is None:
        return True
    if interaction.client.get_guild(guild_id) is None:
        return False
    owners = interaction._integration_owners
    return not owners or owners.get(0) == guild_id


def invocation_from(interaction: discord.Interaction[EpilogueBot]) -> Invocation:
    """Who asks and where, as the core sees it."""
    user = interaction.user
    channel = interaction.channel
    # A thread follows its parent channel's spoiler rule unless it has its own.
    parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
    parent_unknown = interaction.guild_id is not None and interaction.client.unsure_channels.unsure(
        interaction.id
    )
    if parent_unknown:
        # Which channel's thread it is cannot be told (or only the payload says so, as a forged
        # or replayed one may say anything): no parent's rule counts, its own or the strictest.
        parent_id = None
    roles = granting_roles(interaction)
    granted = asker_permissions(interaction)
    permissions = permission_names(granted)
    may_write, may_attach = writing_allowed(
        granted, thread=parent_id is not None, unsure=parent_unknown
    )
    return Invocation(
        user_id=user.id,
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
        parent_channel_id=parent_id,
        parent_unknown=parent_unknown,
        server_installed=installed_here(interaction),
        publishable=getattr(channel, "type", None) is discord.ChannelType.news,
        shown_in_thread=thread_started_from(interaction),
        role_ids=roles,
        permissions=permissions,
        is_owner=interaction.client.app.is_owner(user.id),
        timed_out_until=user.timed_out_until if isinstance(user, discord.Member) else None,
        pending=isinstance(user, discord.Member) and user.pending,
        may_write=may_write,
        may_attach=may_attach,
        interaction_id=interaction.id,
    )


def thread_started_from(interaction: discord.Interaction[EpilogueBot]) -> int | None:
    """The thread started from the message a button was pressed on (it has the message's id,
    and shows the message at its top), as the press's message describes it or discord.py
    holds it; None if none is known."""
    message = interaction.message
    if message is None or interaction.guild_id is None:
        return None
    thread = message.thread
    if thread is not None and thread.id == message.id:
        return thread.id
    return None


def foreign_id_of(interaction: discord.Interaction[EpilogueBot]) -> int | None:
    """``invocation_from(interaction).foreign_id()`` without the ``Invocation``: the asker's
    and their place's ids alone (user, server, channel, a thread's parent, granting roles),
    read as ``invocation_from`` reads them. Every keystroke is checked so, and naming its
    permissions, installation and writing rights cost more than the rest of a keystroke
    whose choices are kept (``docs/performance.md``, ``perfkey15``)."""
    channel = interaction.channel
    parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
    guild_id = interaction.guild_id
    if (
        parent_id is not None
        and guild_id is not None
        and interaction.client.unsure_channels.unsure(interaction.id)
    ):
        parent_id = None  # as ``invocation_from``: no parent's rule counts
    for found in (interaction.user.id, guild_id, interaction.channel_id, parent_id):
        if found is not None and not stored_id(found):
            return found
    return next((role for role in granting_roles(interaction) if not stored_id(role)), None)


SEND_MESSAGES = discord.Permissions(send_messages=True).value
SEND_IN_THREADS = discord.Permissions(send_messages_in_threads=True).value
ATTACH_FILES = discord.Permissions(attach_files=True).value
ADMINISTRATOR = discord.Permissions(administrator=True).value


def writing_allowed(granted: int, *, thread: bool, unsure: bool) -> tuple[bool, bool]:
    """Whether ``granted`` (the member's permissions in the channel) lets them write there,
    and attach files. None at all means they could not be told (a member who may run a command
    has at least Use Application Commands): then nothing is refused on their account. Where
    Discord did not say whether the channel is a thread, either grant lets them write."""
    if not granted or granted & ADMINISTRATOR:
        return True, True
    if unsure:
        needed = SEND_MESSAGES | SEND_IN_THREADS
    else:
        needed = SEND_IN_THREADS if thread else SEND_MESSAGES
    return bool(granted & needed), bool(granted & ATTACH_FILES)


def asker_permissions(interaction: discord.Interaction[EpilogueBot]) -> int:
    """The asker's permissions where they ask, as Discord sends them with the member.

    An interaction's member without ``permissions`` (discord.py then reads none at all, so a
    moderator would be refused every moderator command) has them worked out from the cached
    server (``cached_asker_permissions``), else from what was looked up for this interaction
    (``client.server_permissions.look_up_asker``). Unknown stays none: refused, never
    granted."""
    cached = cached_asker_permissions(interaction)
    if cached is not None:
        return without_withheld_roles(interaction, cached)
    looked_up = interaction.client.asker_permissions.get(interaction.id)
    if looked_up is not None:
        return looked_up  # Discord's answer now (REST): the member's roles as they are
    return without_withheld_roles(interaction, interaction.permissions.value)


ELEVATED = discord.Permissions(
    administrator=True, manage_guild=True, manage_messages=True, manage_threads=True
).value
"""Permissions that make a moderator or an admin (and what implies them)."""


def without_withheld_roles(interaction: discord.Interaction[EpilogueBot], granted: int) -> int:
    """``granted`` (what Discord sent, or the cache worked out from the roles the interaction
    carries), less what came only through a role that grants nothing here
    (``granting_roles``: one taken away since, a replay's).

    Discord works an interaction's ``permissions`` out when it is made, from its member's
    roles then: a command made while its moderator held the Moderators role (Manage
    Messages), delivered late after the role was taken away, made him a moderator all the
    same, and his old "spoilers" mode for #general put the next ending there in the open. The
    permissions are worked out again from the cached server with the granting roles alone
    (only ever narrowing them); where the cache cannot, a moderator's and an admin's are taken
    away."""
    user, guild_id = interaction.user, interaction.guild_id
    if not isinstance(user, discord.Member) or guild_id is None:
        return granted
    granting = granting_roles(interaction)
    if not role_ids(user, guild_id) - granting:
        return granted
    again = _permissions_with_roles(interaction, user, granting)
    return granted & ~ELEVATED if again is None else granted & again


def _permissions_with_roles(
    interaction: discord.Interaction[EpilogueBot], user: discord.Member, roles: frozenset[int]
) -> int | None:
    """``user``'s permissions in the interaction's channel, from the cached server, as if they
    held ``roles`` alone; None when the cache cannot tell."""
    held = _held_channel(interaction)
    if held is None:
        return None
    guild = held.guild
    if not guild._roles or guild.default_role is None:
        return None
    changes = getattr(interaction.client, "permission_changes", None)
    if changes is not None and changes.unsure(guild.id):
        return None
    member = copy.copy(user)
    member._roles = discord.utils.SnowflakeList([role for role in roles if role != guild.id])
    return held.permissions_for(member).value


def cached_asker_permissions(interaction: discord.Interaction[EpilogueBot]) -> int | None:
    """The asker's permissions as Discord sent them, or as the cached server gives them: its
    roles, the channel's overwrites, an owner's or a timeout's; None: neither (a server or
    channel not cached, a thread's parent neither)."""
    user = interaction.user
    if not isinstance(user, discord.Member) or user.resolved_permissions is not None:
        return interaction.permissions.value
    changes = getattr(interaction.client, "permission_changes", None)
    if changes is not None and changes.unsure(interaction.guild_id):
        # A role or channel changed lately: the cache may hold a replayed older state.
        return None
    held = _held_channel(interaction)
    return None if held is None else held.permissions_for(user).value


def _held_channel(
    interaction: discord.Interaction[EpilogueBot],
) -> discord.abc.GuildChannel | discord.Thread | None:
    """The interaction's channel as discord.py holds it, with its overwrites; None if not held
    (or its server is not): one built from the interaction's partial channel has none, and the
    roles alone would give what the channel takes back."""
    guild, channel = interaction.guild, interaction.channel
    if guild is None or guild.unavailable or guild.default_role is None:
        return None
    if isinstance(channel, discord.Thread):
        return channel if channel.parent is not None else None  # a thread's are its parent's
    if isinstance(channel, discord.abc.GuildChannel):
        return guild.get_channel(channel.id)
    return None


GRANTING_ROLES = "epilogue.granting_roles"
"""``interaction.extras`` key: the roles read as granting, once per delivery."""


def granting_roles(interaction: discord.Interaction[EpilogueBot]) -> frozenset[int]:
    """The member's roles that may grant them anything (the opt-in role, the moderator role):
    those the interaction carries, less any it may carry from before they were taken away
    (``client.role_readings``: a replayed or late interaction). Read once per delivery."""
    known = interaction.extras.get(GRANTING_ROLES)
    if known is not None:
        return known  # type: ignore[no-any-return]
    roles = role_ids(interaction.user, interaction.guild_id)
    readings = getattr(interaction.client, "role_readings", None)
    if readings is not None and interaction.guild_id is not None:
        roles = readings.granting(interaction.guild_id, interaction.user.id, interaction.id, roles)
    interaction.extras[GRANTING_ROLES] = roles
    return roles


def role_ids(user: discord.User | discord.Member, guild_id: int | None) -> frozenset[int]:
    """The member's role ids as Discord sent them, and @everyone's (the server's own id).

    Not ``Member.roles``: discord.py keeps there only roles it finds in its cached server, so in
    a server it has not been sent yet (READY lists it as unavailable until its GUILD_CREATE) or
    is not in at all (an app installed by the user), every role would be dropped, and with them
    the server's moderator and opt-in roles."""
    if not isinstance(user, discord.Member) or guild_id is None:
        return frozenset()
    return frozenset((*user._roles, guild_id))


@functools.lru_cache(maxsize=1024)
def permission_names(value: int) -> frozenset[str]:
    """The names of the permissions in ``value``; members share a handful of values, and
    naming every flag costs more than the rest of answering a command up to its acknowledgement.
    View Channel goes by Discord's name too (``view_channel``): discord.py names the flag
    ``read_messages``, its old name, and keeps ``view_channel`` as an alias it never lists."""
    names = {name for name, granted in discord.Permissions(value) if granted}
    if "read_messages" in names:
        names.add("view_channel")
    return frozenset(names)


async def deliver(interaction: discord.Interaction[EpilogueBot], reply: Reply) -> None:
    """Send the reply as the answer to this interaction (or a follow-up once answered).

    An interaction's token lasts 15 minutes; an answer worked out for longer (a large import
    behind "thinking…") is refused, 401 Invalid Webhook Token (50027), and would never be seen.
    It goes to the asker by DM instead (never to a wider audience than the reply's own)."""
    first = not interaction.response.is_done()
    # Whether the reply becomes the interaction's own message (@original), which an edit may
    # reach afterwards: its callback, or the "thinking…" message it fills.
    recheck = reply.opens_spoilers and not reply.ephemeral
    into_original = recheck and (first or _fills_original(interaction, reply))
    try:
        # Every try of the callback noted: a refusal as already acknowledged (40060) is this
        # handling's own earlier try only after one that failed (``attempts``).
        with attempts.answers():
            await patiently(lambda: _send(interaction, reply))
    except discord.HTTPException as exc:
        if thread_closed(exc):
            # Asked in a thread a moderator locked (and perhaps archived): Discord takes no
            # answer there, and a refusal that holds is not tried again.
            await tell_thread_closed(interaction, reply)
            return
        if blocked_by_automod(exc) and not reply.is_error:
            await _tell_blocked(interaction, reply, exc)
            return
        done = reports_done_work(reply)
        # A dropped interaction (10062, or its token gone) no longer takes an answer; a
        # private one (a note of what was done, an expired token's answer) still reaches the
        # asker, by DM. Only a private one: an answer for a channel is written under that
        # channel's rules (a spoiler channel's ending in the clear), which a DM does not share.
        gone = token_expired(exc) or (done and expired(exc))
        if gone and by_dm_allowed(reply) and await _deliver_by_dm(interaction, reply, exc):
            return
        if done:
            raise AnswerRefused(exc, reply) from exc
        raise
    metrics.answered(interaction, first=first)
    if into_original:
        try:
            await _hidden_if_closed(interaction, reply)
        except Exception:
            # The answer is sent: a failure to check it again is the operator's to read.
            log.exception("checking an open answer against the rules again failed")


def _fills_original(interaction: discord.Interaction[EpilogueBot], reply: Reply) -> bool:
    """Whether ``reply``, sent once the interaction was acknowledged, becomes its @original:
    the "thinking…" message it fills, or the pressed message a press taken quietly edits
    (``_send``). A slow page turn was never checked again, and a channel that stopped
    showing spoilers while its edit was on its way kept the new page in the open."""
    kind = interaction.response.type
    if kind is discord.InteractionResponseType.deferred_channel_message:
        return not interaction.extras.get(ORIGINAL_FILLED)
    return (
        kind is TAKEN_QUIETLY
        and reply.edits_original
        and not interaction.extras.get(ANSWERED_BY_ANOTHER)
    )


async def _hidden_if_closed(interaction: discord.Interaction[EpilogueBot], reply: Reply) -> None:
    """An answer shown openly as a spoiler channel's, hidden again should the place have
    stopped being one while it was on its way: the rules were read before it was sent, and a
    moderator's change in between would find nothing to hide yet (``client/rehiding.py``)."""
    invocation = invocation_from(interaction)
    if invocation.guild_id is None:
        return
    rules = await interaction.client.app.standings.rules(invocation.guild_id)
    mode = rules.mode_shown(
        invocation.channel_id,
        invocation.parent_channel_id,
        shown_in_thread=invocation.shown_in_thread,
        parent_unknown=invocation.parent_unknown,
        may_open=invocation.rules_may_open,
    )
    if mode is ChannelMode.SPOILERS:
        return
    withhold = withholds(rules, mode, invocation.embargo_day)
    hidden = rehidden_reply(reply, withhold=withhold)
    if hidden is None:
        return
    embeds = [embed_for(embed) for embed in hidden.embeds]
    try:
        await patiently(
            lambda: _edit_original(interaction, hidden, embeds, [], view_for(hidden.rows))
        )
    except PASSING_FAILURES as exc:
        if isinstance(exc, discord.NotFound):
            return  # deleted or dismissed meanwhile: nothing shows any more
        log.warning("could not hide again an answer in channel %s: %s", invocation.channel_id, exc)
        if not installed_here(interaction):
            return  # the bot may not edit there but through the interaction (50001)
        # Recorded: the minute's sweep reads the place and hides what it shows openly
        # (``client.rehiding.sweep_unfinished``), by the channel's route, which outlives the
        # interaction's token, until Discord takes the edit or says the place is out of reach.
        place = {invocation.channel_id: withhold}
        await interaction.client.app.rehidings.record(invocation.guild_id, 0, rules, place)


def dm_message(reply: Reply) -> dict[str, Any]:
    """The text parts of ``reply`` as a DM sends them: mentions that never ping, and link
    previews as the reply asks (by default none: a preview can show what a spoiler hides)."""
    return {
        "content": reply.content,
        "allowed_mentions": NO_MENTIONS,
        "suppress_embeds": reply.suppress_embeds,
    }


def by_dm_allowed(reply: Reply) -> bool:
    """Whether ``reply`` may go to its asker's DMs when the interaction no longer takes it:
    only a message already meant for them alone (a form cannot be sent as a message), and
    not film content rendered under the rules of where it was asked (``place_bound``): the
    member's DMs may keep it wrapped, and asking again costs nothing."""
    return reply.ephemeral and reply.modal is None and not reply.place_bound


class AnswerRefused(Exception):
    """Discord refused the answer to work the core had already done (a change saved, a message
    hidden): the member must read that it was done, not "try again", or they repeat it."""

    def __init__(self, error: discord.HTTPException, reply: Reply) -> None:
        super().__init__(f"Discord refused the answer: {error}")
        self.error = error
        self.reply = reply


def reports_done_work(reply: Reply) -> bool:
    """Whether ``reply`` tells its asker of work already done (and kept whether or not the
    reply is shown): any answer but a refusal, a form, or a new public message, which is
    itself the work (a post or an answer for everyone: not shown, nothing happened)."""
    return not reply.is_error and reply.modal is None and (reply.ephemeral or reply.edits_original)


DONE_NOT_SHOWN = (
    "Epilogue did what you asked, but Discord refused to show its answer ({why})."
    " Anything it changed is saved: there is no need to do it again. To read an answer"
    " (a film's section, a search), ask again."
)
"""Said for every private answer Discord refused: the adapter cannot tell a change from a read,
so it says what holds for both (a change asked twice would be made twice; a read asked again
costs nothing)."""


def done_not_shown(refused: AnswerRefused) -> str:
    """What the asker reads when Discord refused the answer to work that was done."""
    error = refused.error
    if error.status == 429:
        why = "it is limiting how fast Epilogue may answer"
    elif error.status >= 500:
        why = "a problem on Discord's side"
    elif error.code == MISSING_PERMISSIONS:
        why = "Epilogue lacks a permission it needs to answer there"
    else:
        # Discord's own text is never shown: an error may quote the request it refused, and
        # that request is the answer, perhaps an ending wrapped or meant for this member only.
        code = f", code {error.code}" if error.code else ""
        why = f"Discord answered {error.status}{code}"
    return DONE_NOT_SHOWN.format(why=escape_text(why))


INVALID_WEBHOOK_TOKEN = 50027
"""Discord's answer (401) to anything sent with an interaction token older than 15 minutes."""


def token_expired(error: BaseException) -> bool:
    """Whether Discord refused a follow-up or edit because the interaction's token expired."""
    return isinstance(error, discord.HTTPException) and error.code == INVALID_WEBHOOK_TOKEN


async def _deliver_by_dm(
    interaction: discord.Interaction[EpilogueBot], reply: Reply, why: discord.HTTPException
) -> bool:
    """The reply, sent to the asker privately once the interaction is gone (``why``)."""
    log.warning(
        "interaction %s (user %s, guild %s): Discord no longer took its answer (%s),"
        " %.0f s after it was made; sending the answer by DM",
        interaction.id,
        interaction.user.id,
        interaction.guild_id,
        why,
        (discord.utils.utcnow() - interaction.created_at).total_seconds(),
    )
    return await _dm(interaction, reply, "a late answer")


async def _dm(interaction: discord.Interaction[EpilogueBot], reply: Reply, what: str) -> bool:
    """``reply`` (text, embeds, buttons, files) in a DM to the asker; False if it could not be
    delivered."""
    message: dict[str, Any] = {
        **dm_message(reply),
        "embeds": [embed_for(embed) for embed in reply.embeds],
    }
    if (view := view_for(reply.rows)) is not None:
        message["view"] = view
    try:
        await posted(
            lambda: patiently(lambda: interaction.user.send(**{**message, "files": _fresh(reply)})),
            f"{what}'s DM",
        )
    except discord.HTTPException as exc:  # closed DMs: nothing more to try
        log.info("could not DM user %s %s: %s", interaction.user.id, what, exc)
        return False
    return True


AUTOMOD_CODES = frozenset({200000, 240000})
"""Discord's codes (400) for a message the server's AutoMod blocked: one of its rules (200000,
a blocked word, say) or its harmful links filter (240000)."""

AUTOMOD_BLOCKED = (
    "This server's AutoMod blocked Epilogue's answer: something in it matches one of the"
    " server's AutoMod rules (a film's text can hold a word a server blocks), so asking"
    " again would meet the same rule. A server admin can let"
    " Epilogue's answers through by exempting its role from that rule (Server Settings →"
    " AutoMod)."
)
AUTOMOD_SENT_BY_DM = (
    "This server's AutoMod blocked Epilogue's answer here, so it was sent to you by DM."
)
AUTOMOD_DONE = " What you asked was done all the same: there is no need to do it again."


def blocked_by_automod(error: BaseException) -> bool:
    """Whether Discord refused a message because the server's AutoMod blocked it."""
    return isinstance(error, discord.HTTPException) and error.code in AUTOMOD_CODES


async def _tell_blocked(
    interaction: discord.Interaction[EpilogueBot], reply: Reply, why: discord.HTTPException
) -> None:
    """``reply`` was blocked by the server's AutoMod (discord.py raised it, and the member read
    "Something went wrong on Epilogue's side", or "ask again", which meets the same rule). The
    asker is told so privately (a refusal names no word of the answer), with the answer by DM,
    where no server's AutoMod reaches, if it may go there (``by_dm_allowed``)."""
    log.warning(
        "interaction %s (user %s, guild %s, channel %s): the server's AutoMod blocked the"
        " answer (%s)",
        interaction.id,
        interaction.user.id,
        interaction.guild_id,
        interaction.channel_id,
        why,
    )
    metrics.failed(interaction, "automod")
    if by_dm_allowed(reply) and await _dm(interaction, reply, "an answer AutoMod blocked"):
        note = AUTOMOD_SENT_BY_DM
    else:
        note = AUTOMOD_BLOCKED + (AUTOMOD_DONE if reports_done_work(reply) else "")
    try:
        await patiently(lambda: _send(interaction, Reply.error(note)))
    except discord.HTTPException as exc:
        if not blocked_by_automod(exc):
            raise
        # A rule that blocks Epilogue's own words: nothing more can be said there.
        log.warning("the server's AutoMod blocked the note of interaction %s too", interaction.id)


THREAD_ARCHIVED = 50083
"""Discord's code (400, "Thread is archived") for a write in an archived thread: an
interaction's answer in one a moderator locked, for an asker who may not unarchive it
(``client.closed_threads``)."""
THREAD_LOCKED = 160005
"""Discord's code (400, "Thread is locked") for a post in a thread a moderator locked and left
open, by whoever may not unlock it."""

CLOSED_THREAD = (
    "Epilogue could not answer you in {where}: a moderator locked that thread, and Discord"
    " takes no answer there, not even one only you would see."
)
"""What the asker reads by DM when Discord refused an interaction's answer so."""

MESSAGE_LIMIT = 2000
"""Characters one message's content holds."""

TOLD_CLOSED = "epilogue.told_closed"
"""``interaction.extras`` key: Discord takes no answer in the interaction's thread, and its
asker was told by DM (``tell_thread_closed``)."""


class ThreadClosed(Exception):
    """Discord refused to acknowledge an interaction in a closed thread (50083, 160005):
    nothing is done for it, and its asker was told by DM."""


def thread_archived(error: BaseException) -> bool:
    """Whether Discord refused a write because its thread is archived (50083)."""
    return isinstance(error, discord.HTTPException) and error.code == THREAD_ARCHIVED


def thread_locked(error: BaseException) -> bool:
    """Whether Discord refused a post because its thread is locked (160005)."""
    return isinstance(error, discord.HTTPException) and error.code == THREAD_LOCKED


def thread_closed(error: BaseException) -> bool:
    """Whether Discord refused a write because a moderator closed its thread: archived
    (50083) or locked (160005)."""
    return thread_archived(error) or thread_locked(error)


async def tell_thread_closed(
    interaction: discord.Interaction[EpilogueBot], reply: Reply | None
) -> None:
    """Discord refused ``interaction``'s answer (or its "thinking…", ``reply`` None) because
    it was made in a thread a moderator closed (discord/discord-api-docs#5517: the member saw
    'The application did not respond', or "Sending command…" for good). The asker is told so
    by DM, once, with the answer if it may go there (``by_dm_allowed``: meant for them alone,
    and no film content written under the thread's rules); otherwise only to ask elsewhere."""
    if interaction.extras.get(TOLD_CLOSED):
        return
    interaction.extras[TOLD_CLOSED] = True
    metrics.failed(interaction, "thread_closed")
    where = (
        f"interaction {interaction.id} (user {interaction.user.id}, guild"
        f" {interaction.guild_id}, channel {interaction.channel_id})"
    )
    if await _dm_closed_note(interaction, reply):
        log.warning(
            "%s: Discord takes no answer in that locked thread; the asker was told by DM", where
        )
        return
    # Nothing else reaches them privately: Discord took no acknowledgement, so no follow-up
    # either, and a post in the thread's channel would be public (never the place for film
    # content, nor for a note naming what a member asked for).
    log.warning(
        "%s: Discord takes no answer in that locked thread, and the DM telling the asker so"
        " could not be delivered (50007: their DMs are closed to Epilogue): they were told"
        " nothing, and saw only Discord's 'The application did not respond'. No other private"
        " way reaches them; a moderator may unlock the thread, or the member open their DMs, for"
        " them to ask again.",
        where,
    )


async def _dm_closed_note(
    interaction: discord.Interaction[EpilogueBot], reply: Reply | None
) -> bool:
    """The asker told by DM that their thread takes no answer (with the answer if it may go
    there); False if the DM was refused."""
    note = CLOSED_THREAD.format(where=f"<#{interaction.channel_id}>")
    if reply is None or not by_dm_allowed(reply):
        return await _dm(
            interaction, Reply.text(f"{note} Ask again in an open channel."), "a notice"
        )
    content = f"{note} Its answer:\n\n{reply.content or ''}".rstrip()
    if len(content) <= MESSAGE_LIMIT:
        return await _dm(interaction, replace(reply, content=content), "an answer")
    if not await _dm(interaction, Reply.text(note), "a notice"):
        return False
    await _dm(interaction, reply, "an answer")
    return True  # told why, whether or not the answer followed


async def posted(post: Callable[[], Awaitable[object]], what: str) -> None:
    """``post()``, a message whose answer Epilogue does not use (a follow-up, a DM).

    Discord's reference answers a posted message with the whole message; one answered with less
    (``{}``, 204, a part, as a more minimal Discord or a proxy might) makes discord.py fail
    reading it, after Discord put it up: that is no failure to report, nor to post again."""
    try:
        await post()
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        if not reading_the_answer(exc):
            raise  # failed before anything was sent: a fault of ours
        log.info("%s is up; Discord's answer could not be read: %r", what, exc)


async def follow_up(interaction: discord.Interaction[EpilogueBot], message: dict[str, Any]) -> None:
    """``message`` as a follow-up, posted once.

    discord.py posts a follow-up again after a server error, and Discord may have put up the
    first and lost only its answer: a public one would be in the channel twice (a member's
    /spoiler post). Once tried again after such a failure, the copies the channel shows are
    deleted, the newest kept. (A private one cannot be listed: it may stay twice, for the asker
    alone.)"""
    with attempts.answers() as tries:
        await posted(lambda: interaction.followup.send(**message), "a follow-up")
    if message.get("ephemeral") or not attempts.tried_again_after_a_failure(tries):
        return
    channel = interaction.channel
    if not isinstance(channel, discord.abc.Messageable):
        return
    me = interaction.client.user
    try:
        copies = [
            seen.id
            async for seen in channel.history(limit=COPIES_LOOKED_AT, after=interaction)
            if seen.interaction_metadata is not None
            and seen.interaction_metadata.id == interaction.id
            and me is not None
            and seen.author.id == me.id
            and seen.content == (message.get("content") or "")
        ]
        for copy in sorted(copies)[:-1]:
            await patiently(lambda copy=copy: interaction.followup.delete_message(copy))
            log.info(
                "deleted message %s: a second copy of interaction %s's follow-up",
                copy,
                interaction.id,
            )
    except (discord.HTTPException, discord.ClientException, KeyError, TypeError, ValueError) as exc:
        log.warning(
            "could not look for copies of interaction %s's follow-up: %r", interaction.id, exc
        )


COPIES_LOOKED_AT = 25
"""Messages after the interaction read for copies of its follow-up."""


PASSING_FAILURES = (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError, OSError)
"""What a request to Discord may fail with: a status, or no answer at all (a connection
closed or refused, a timeout)."""
MALFORMED = (KeyError, TypeError, ValueError, AttributeError)
"""What discord.py raises reading an answer a stand-in or proxy sent malformed (a message or a
page of them described in part, a body that is no JSON object): no refusal, tried again later
as a 5xx is."""
RATE_LIMIT_TRIES = 3
LONGEST_WAIT_S = 5.0
"""A 429 asking for a longer wait is not waited out here: the member is told instead."""


async def patiently(
    call: Callable[[], Awaitable[T]], *, longest_wait_s: float = LONGEST_WAIT_S
) -> T:
    """``call()``, made again after the wait Discord names when it answers 429 (or a moment
    after a server error discord.py raised without retrying it), up to ``longest_wait_s``
    (work nobody waits on, such as hiding answers again, may wait longer than a member).

    discord.py waits out a 429 itself only when it came through Google's front end (a ``Via``
    header, as Discord's own do) and raises any other at once, taking it for a Cloudflare ban;
    Discord's reference documents a 429's ``Retry-After`` and ``X-RateLimit-Reset-After``, not
    ``Via``. ``call`` builds its request afresh each time (a sent file is closed)."""
    for attempt in range(1, RATE_LIMIT_TRIES + 1):
        try:
            return await call()
        except discord.HTTPException as exc:
            in_body = await _wait_in_body(exc) if exc.status == 429 else None
            wait = _retry_after(exc, in_body)
            if wait is None or wait > longest_wait_s or attempt == RATE_LIMIT_TRIES:
                raise
            log.info("Discord answered %s: trying again in %.2f s", exc.status, wait)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable: the last try returns or raises")


RETRIED_BY_DISCORD_PY = frozenset({500, 502, 504, 524})
"""Server errors discord.py's REST client retries itself (its webhook client, which answers
interactions, retries every 5xx); any other 5xx, a 503 from Discord's front end among them,
is raised at once."""
SERVER_ERROR_WAIT_S = 0.5


def _retry_after(exc: discord.HTTPException, in_body: float | None = None) -> float | None:
    """Seconds to wait before trying again: what a 429 asks (its headers, else ``in_body``,
    the wait its JSON body names), a moment for a server error discord.py did not retry
    (None: not worth trying again)."""
    if exc.status >= 500 and exc.status not in RETRIED_BY_DISCORD_PY:
        return SERVER_ERROR_WAIT_S
    if exc.status != 429:
        return None
    headers = getattr(exc.response, "headers", None) or {}
    # The route bucket's reset is the wait only when that bucket is the limit hit (emptied, the
    # limit per user); a global or shared limit, or a sub-limit with requests left in the
    # bucket, comes with the route's headers too, which then say nothing of the wait.
    bucket_hit = (
        str(headers.get("X-RateLimit-Global", "")).lower() != "true"
        and str(headers.get("X-RateLimit-Scope", "user")).lower() == "user"
        and str(headers.get("X-RateLimit-Remaining", "0")) == "0"
    )
    names = ("X-RateLimit-Reset-After", "Retry-After") if bucket_hit else ("Retry-After",)
    for name in names:
        try:
            return max(0.0, float(headers[name]))
        except (KeyError, TypeError, ValueError):
            continue
    # Discord's own 429 is JSON (its wait named there too). Cloudflare's is a page ("error
    # code: 1015"): a ban of the IP for far longer than a member waits, where trying again
    # only counts as one more invalid request.
    content_type = str(getattr(exc.response, "content_type", "") or "")
    if not content_type.startswith("application/json"):
        return None
    return in_body if in_body is not None else 1.0


async def _wait_in_body(exc: discord.HTTPException) -> float | None:
    """The ``retry_after`` a JSON 429's body names (Discord's reference has it there, beside
    the headers a stand-in or proxy may leave out); None when it names none. discord.py read
    the body already: aiohttp keeps it."""
    try:
        named = json.loads(await exc.response.text())["retry_after"]
        return max(0.0, float(named))
    except (AttributeError, TypeError, ValueError, KeyError, aiohttp.ClientError):
        return None


async def _send(interaction: discord.Interaction[EpilogueBot], reply: Reply) -> None:
    if interaction.extras.get(NOT_ITS_OWN):
        return  # another delivery's handling answered it (``client.first_answers``)
    response = interaction.response
    if reply.modal is not None:
        try:
            await taken(interaction, lambda: response.send_modal(form_for(reply.modal)))
        except discord.HTTPException as exc:
            if exc.code != ALREADY_ACKNOWLEDGED:
                raise
            # An earlier try opened it and only its answer was lost: the form is open.
        return
    pressed_on = interaction.message
    answered = response.is_done()
    edits_in_place = (
        reply.edits_original
        # A press on a message Discord did not describe (discord.py then has none) still
        # edits the message the button is on: Discord knows which it is.
        and (pressed_on is not None or interaction.type is discord.InteractionType.component)
        # An edit keeps the audience of the message it edits: a reply meant for the presser
        # alone never replaces a message others see, or one that cannot be told (it is sent
        # privately below instead).
        and (not reply.ephemeral or (pressed_on is not None and pressed_on.flags.ephemeral))
    )
    if edits_in_place and reply.ephemeral:
        await _into_pressed_if_private(interaction, reply)
        return
    if edits_in_place and response.type is TAKEN_QUIETLY:
        if interaction.extras.get(ANSWERED_BY_ANOTHER):
            _left_as_answered(interaction)
            return
        # Taken without a message of its own (``acknowledge_taken``): @original is still the
        # message the button is on, edited as the update would have.
        embeds = [embed_for(embed) for embed in reply.embeds]
        await _edit_original(interaction, reply, embeds, _fresh(reply), view_for(reply.rows))
        return
    edits = edits_in_place and not answered
    if not edits and not answered and not reply.attachments:
        # Most answers: a message as the interaction's callback (the last case below).
        await _send_message(interaction, reply)
        return
    embeds = [embed_for(embed) for embed in reply.embeds]
    files = [discord.File(io.BytesIO(a.data), filename=a.filename) for a in reply.attachments]
    view = view_for(reply.rows)
    if edits:
        # Replace the message the pressed button is on: its text, embeds, buttons and files.
        try:
            await taken(
                interaction,
                lambda: response.edit_message(
                    content=reply.content,
                    embeds=embeds,
                    view=view,
                    attachments=files,
                    allowed_mentions=NO_MENTIONS,
                    suppress_embeds=reply.suppress_embeds,
                ),
            )
        except discord.HTTPException as exc:
            if exc.code != ALREADY_ACKNOWLEDGED:
                raise
            if attempts.answered_by_another(attempts.so_far()):
                _left_as_answered(interaction)
                return
            # The update went through and only its answer was lost (a retry met it done):
            # @original is that message, so editing it again to the same thing is harmless;
            # unless another handling of the same press answered it otherwise.
            await _into_answer_taken(interaction, reply, embeds, view)
        return
    message: dict[str, Any] = {
        "content": reply.content,
        "embeds": embeds,
        "ephemeral": reply.ephemeral,
        "suppress_embeds": reply.suppress_embeds,
        "allowed_mentions": NO_MENTIONS,
    }
    if files:
        message["files"] = files
    if view is not None:
        message["view"] = view
    if response.type is discord.InteractionResponseType.deferred_channel_message and not (
        interaction.extras.get(ORIGINAL_FILLED)
    ):
        if reply.ephemeral and not interaction.extras.get(ACKNOWLEDGED_PRIVATELY):
            # The "thinking…" message is everyone's (a /spoiler post fetching its file), and an
            # edit keeps who sees it: a reply for the asker alone (an error handing back the
            # spoiler they typed) would be shown to the channel. The channel is told only that
            # the answer went to the asker; the reply follows, for them alone.
            await _edit_original(interaction, WENT_PRIVATELY, [], [], None)
            await posted(
                lambda: interaction.followup.send(**{**message, "files": _fresh(reply)}),
                "a private follow-up",
            )
            return
        # The answer to "Epilogue is thinking…" is that message, edited (Discord's documented
        # way); a follow-up would be a second message wherever Discord does not fold it in.
        try:
            await _edit_original(interaction, reply, embeds, files, view)
            return
        except discord.NotFound as exc:
            if exc.code != UNKNOWN_MESSAGE:
                raise
            # The member dismissed the "thinking…" message: a follow-up still reaches them.
            if files:
                message["files"] = _fresh(reply)
    if response.is_done():
        await follow_up(interaction, message)
        return
    try:
        await taken(interaction, lambda: response.send_message(**message))
    except discord.HTTPException as exc:
        if exc.code != ALREADY_ACKNOWLEDGED:
            raise
        # A retry of a reply that Discord took while its answer was lost (a 5xx on the way
        # back): the reply is @original; writing it again leaves it as it is. Or another
        # handling of the same interaction answered it (``_into_answer_taken``).
        await _into_answer_taken(interaction, reply, embeds, view)


async def _into_pressed_if_private(
    interaction: discord.Interaction[EpilogueBot], reply: Reply
) -> None:
    """``reply``, for its presser alone, as an edit of the pressed message only once Discord
    itself says that message is private; else as a new private message.

    An edit keeps the audience of the message it edits, and the press's word that its message
    is ephemeral (its ``flags``) is no proof: a forged frame said so of a public answer, which
    was turned into the presser's page in the open. So the press is taken quietly
    (DEFERRED_UPDATE_MESSAGE: nothing shown), the pressed message read through the press's
    own token (``pressed_flags``), and edited only if Discord marks it ephemeral."""
    response = interaction.response
    if not response.is_done():
        try:
            await taken(interaction, response.defer)
        except discord.HTTPException as exc:
            if exc.code != ALREADY_ACKNOWLEDGED:
                raise
            # discord.py marks a response made only when its own request succeeded.
            response._response_type = TAKEN_QUIETLY
            interaction.extras[ANSWERED_BY_ANOTHER] = attempts.answered_by_another(
                attempts.so_far()
            )
    if interaction.extras.get(ANSWERED_BY_ANOTHER):
        _left_as_answered(interaction)
        return
    embeds = [embed_for(embed) for embed in reply.embeds]
    view = view_for(reply.rows)
    if response.type is TAKEN_QUIETLY:
        try:
            flags = await patiently(lambda: pressed_flags(interaction))
        except discord.HTTPException as exc:
            log.info("interaction %s: could not read its pressed message: %r", interaction.id, exc)
            flags = None
        if private(flags):
            await _edit_original(interaction, reply, embeds, _fresh(reply), view)
            return
        log.warning(
            "interaction %s: a press said its message is private, Discord did not (flags %s);"
            " its page is sent as a new private message",
            interaction.id,
            flags,
        )
    await _private_follow_up(interaction, reply, embeds, view)


def _left_as_answered(interaction: discord.Interaction[EpilogueBot]) -> None:
    """A press whose update another handling made (a replayed gateway event, a second process
    on its shard: Discord refused this one's, 40060, before any try of it failed): the pressed
    message is left as that handling, or a later press, left it. Edited again, it went back to
    the page this old press asked for, over the one the member had turned to since."""
    log.info(
        "interaction %s was answered by another handling of it: its message is left as it is",
        interaction.id,
    )


async def _send_message(interaction: discord.Interaction[EpilogueBot], reply: Reply) -> None:
    """``reply`` (no files) as the interaction's callback: the body ``send_message`` would
    send, posted asking nothing back (``client.callbacks``), made without a ``discord.Embed``
    or a ``discord.ui.View`` (their payloads: ``embed_payload``, ``components_for``)."""
    data = callbacks.message_data(
        reply.content,
        [embed_payload(embed) for embed in reply.embeds],
        components_for(reply.rows) if reply.rows else None,
        ephemeral=reply.ephemeral,
        suppress_embeds=reply.suppress_embeds,
        allowed_mentions=NO_MENTIONS,
        bot_mentions=interaction._state.allowed_mentions,
    )
    try:
        await taken(interaction, lambda: callbacks.send_message(interaction, data))
    except discord.HTTPException as exc:
        if exc.code != ALREADY_ACKNOWLEDGED:
            raise
        # As for a reply sent by discord.py (``_send``): a retry Discord had taken, or another
        # handling's answer.
        embeds = [embed_for(embed) for embed in reply.embeds]
        await _into_answer_taken(interaction, reply, embeds, view_for(reply.rows))


async def _into_answer_taken(
    interaction: discord.Interaction[EpilogueBot],
    reply: Reply,
    embeds: list[discord.Embed],
    view: discord.ui.View | None,
) -> None:
    """``reply`` after Discord refused it as already acknowledged (40060): the answer there is
    this reply's own earlier try, whose answer was lost, or another handling's of the same
    interaction (a replayed gateway event, two processes holding one shard), which may have
    chosen a wider audience (the rules or the asker's opt-ins moved between the two, or one
    process's memory of them lagged). The reply replaces it only where it reaches no one the
    reply is not for: a private reply goes into a private answer, else follows, privately,
    as a message of its own (Discord folds the first follow-up into a "thinking…" message
    whatever its flags: such a message is first told the answer went privately). Only where
    that answer, when another handling's (not this one's earlier try), is a message made for
    this very delivery (``client.first_answers``)."""
    by_another = attempts.answered_by_another(attempts.so_far())
    if by_another and not await first_answer_is_its_own(interaction):
        return
    there = await answer_there(interaction) if reply.ephemeral else None
    if not reply.ephemeral or (there is not None and there.ephemeral):
        await _edit_original(interaction, reply, embeds, _fresh(reply), view)
        return
    log.warning(
        "interaction %s was answered already, for everyone or not known for whom: its private"
        " answer follows privately",
        interaction.id,
    )
    if there is None or there.loading:
        await _edit_original(interaction, WENT_PRIVATELY, [], [], None)
    await _private_follow_up(interaction, reply, embeds, view)


async def answer_there(
    interaction: discord.Interaction[EpilogueBot],
) -> discord.MessageFlags | None:
    """The flags of the answer already made to ``interaction`` (@original) as Discord
    describes it (whose it is: ``ephemeral``; still "thinking…": ``loading``), None when that
    cannot be told."""
    try:
        answer = await patiently(interaction.original_response)
    except (discord.HTTPException, KeyError, TypeError, ValueError, AttributeError) as exc:
        log.info("could not read the answer to interaction %s: %r", interaction.id, exc)
        return None
    return answer.flags


async def acknowledge(interaction: discord.Interaction[EpilogueBot], *, ephemeral: bool) -> None:
    """Answer "Epilogue is thinking…" (visible to the asker alone when ``ephemeral``).

    discord.py retries a callback whose answer was a 5xx; when Discord had taken the first, the
    retry is refused as already acknowledged (40060). The acknowledgement stands, so it counts
    as made, and the answer goes where it would have gone (into that "thinking…" message)."""
    # Who sees the "thinking…" message, for what edits it (``_send``): discord.py keeps no note.
    interaction.extras[ACKNOWLEDGED_PRIVATELY] = ephemeral
    try:
        await patiently(
            lambda: taken(
                interaction,
                lambda: interaction.response.defer(ephemeral=ephemeral, thinking=True),
            )
        )
    except discord.HTTPException as exc:
        if thread_closed(exc):
            await tell_thread_closed(interaction, None)
            raise ThreadClosed(str(exc)) from exc
        if exc.code != ALREADY_ACKNOWLEDGED:
            raise
        # discord.py marks a response made only when its own request succeeded.
        deferred = discord.InteractionResponseType.deferred_channel_message
        interaction.response._response_type = deferred
        # Not necessarily this acknowledgement: another handling of the same interaction (a
        # replayed event, two processes on one shard) may have answered it for everyone, or
        # another delivery of it (``client.first_answers``: then this one sends nothing).
        if not await first_answer_is_its_own(interaction):
            return
        there = await answer_there(interaction) if ephemeral else None
        interaction.extras[ACKNOWLEDGED_PRIVATELY] = there is not None and there.ephemeral


TAKEN_QUIETLY = discord.InteractionResponseType.deferred_message_update


async def acknowledged_or_answered_later(
    interaction: discord.Interaction[EpilogueBot], acknowledge: Callable[[], Awaitable[object]]
) -> bool:
    """``acknowledge()``; a refusal of it (a server error, a permission, an invalid body) is
    logged, not raised, and False returned: the work goes on meanwhile, and its answer is
    still sent, as the interaction's reply while Discord takes one, else as ``deliver`` sends
    an answer Discord no longer takes. Raised, it discarded the answer of work already done,
    and a member whose change was made read that something went wrong, to try again. A closed
    thread (``ThreadClosed``) is still raised: nothing more is sent there."""
    try:
        await acknowledge()
    except discord.HTTPException as exc:
        log.warning(
            "interaction %s (user %s, guild %s): Discord refused its acknowledgement (%s);"
            " its answer is sent when ready",
            interaction.id,
            interaction.user.id,
            interaction.guild_id,
            exc,
        )
        return False
    return True


async def acknowledge_taken(interaction: discord.Interaction[EpilogueBot]) -> None:
    """Tell Discord a press or a form is taken, showing nothing (DEFERRED_UPDATE_MESSAGE):
    no "thinking…" message, so no audience is fixed before the answer is known. The answer
    then edits the pressed message in place or follows as a message of its own, private or
    not, as it would have been sent at once (``_send``). A retry Discord had taken (40060)
    counts as made."""
    try:
        with attempts.answers() as tries:
            await patiently(lambda: taken(interaction, interaction.response.defer))
    except discord.HTTPException as exc:
        if thread_closed(exc):
            await tell_thread_closed(interaction, None)
            raise ThreadClosed(str(exc)) from exc
        if exc.code != ALREADY_ACKNOWLEDGED:
            raise
        # discord.py marks a response made only when its own request succeeded.
        interaction.response._response_type = TAKEN_QUIETLY
        # Not this try's own (none failed before it): another handling's, which answers it.
        interaction.extras[ANSWERED_BY_ANOTHER] = attempts.answered_by_another(tries)
        if interaction.extras[ANSWERED_BY_ANOTHER]:
            # A message of its own follows only another handling of this very delivery's.
            await first_answer_is_its_own(interaction)


async def taken(
    interaction: discord.Interaction[EpilogueBot], callback: Callable[[], Awaitable[object]]
) -> None:
    """Make an interaction callback; once Discord has taken it, it stands.

    discord.py asks Discord to describe the callback (``with_response``) and reads that answer
    after marking the response made: a 204 with no body (the reference's default answer) fails
    that reading although the reply was taken, and an error reply would follow the answer (or
    a "thinking…" would never get its answer). A failure before Discord took it is raised."""
    try:
        await callback()
    except (TypeError, KeyError, AttributeError) as exc:
        if not interaction.response.is_done():
            raise
        log.debug("Discord took callback %s without describing it: %r", interaction.id, exc)


async def offer(
    interaction: discord.Interaction[EpilogueBot], choices: list[app_commands.Choice[str]]
) -> None:
    """Send autocomplete ``choices``; a refusal is logged in one line, never raised.

    discord.py sends the choices an autocomplete returns and logs any failure as an error
    with its traceback: choices Discord took while its answer was lost (a retry meets
    40060), choices ready after Discord's 3 seconds (10062), a server error. None of them
    leaves anything to tell the member (the next keystroke asks again), and discord.py must
    not try again either, so the response counts as made whatever Discord answered. Sent
    asking Discord for no description of the callback (``callbacks.send_choices``).

    Then the response lets go of its interaction (``let_go``): nothing reads either again."""
    try:
        await callbacks.send_choices(interaction, choices)
    except discord.HTTPException as exc:
        if expired(exc):
            log_expired(interaction, "autocomplete")
        elif exc.code != ALREADY_ACKNOWLEDGED:
            log.warning(
                "Discord refused the choices for interaction %s (user %s, guild %s): %s",
                interaction.id,
                interaction.user.id,
                interaction.guild_id,
                exc,
            )
        # discord.py marks a response made only when its own request succeeded.
        interaction.response._response_type = discord.InteractionResponseType.autocomplete_result
    finally:
        let_go(interaction)


def let_go(interaction: discord.Interaction[EpilogueBot]) -> None:
    """Cut the response's link back to ``interaction`` once it is answered for good.

    discord.py's ``Interaction`` and its ``InteractionResponse`` point at each other, so an
    interaction (with its member, user, namespace: 14 objects) outlived its keystroke until a
    garbage collection found the cycle: at 100 members typing, a young pass every few hundred
    keystrokes walked them, and those in flight went on to the middle generation, whose pass
    held the loop for every keystroke waiting. Cut, it is freed when its task ends. Only for a
    response nothing calls again (autocomplete: discord.py only asks ``is_done``, which reads
    no link). The one place Epilogue touches ``_parent``; ``tests/client/test_delivery.py``
    fails if discord.py renames it."""
    with contextlib.suppress(AttributeError):
        del interaction.response._parent


ORIGINAL_FILLED = "epilogue.original_filled"
"""``interaction.extras`` key: the deferred message holds an answer; later ones follow it."""
ACKNOWLEDGED_PRIVATELY = "epilogue.acknowledged_privately"
"""``interaction.extras`` key: the "thinking…" message is the asker's alone (``acknowledge``).
Without it the message is taken to be everyone's."""
ANSWERED_BY_ANOTHER = "epilogue.answered_by_another"
"""Set on an interaction another handling acknowledged (``acknowledge_taken``): a press's
update of its message is that handling's to make."""
WENT_PRIVATELY = Reply(
    content="Epilogue could not answer this here; it told the member who asked, privately."
)
"""What a public "thinking…" message becomes when its answer is for the asker alone."""
ALREADY_ACKNOWLEDGED = 40060
MISSING_PERMISSIONS = 50013
UNKNOWN_INTERACTION = 10062
UNKNOWN_MESSAGE = 10008
UNKNOWN_WEBHOOK = 10015


def _fresh(reply: Reply) -> list[discord.File]:
    """The reply's files again: a ``discord.File`` is read once, by the request that sent it."""
    return [discord.File(io.BytesIO(a.data), filename=a.filename) for a in reply.attachments]


async def _edit_original(
    interaction: discord.Interaction[EpilogueBot],
    reply: Reply,
    embeds: list[discord.Embed],
    files: list[discord.File],
    view: discord.ui.View | None,
) -> None:
    """PATCH ``/webhooks/{app}/{token}/messages/@original`` with the whole reply.

    Not ``Interaction.edit_original_response``: it cannot set the suppress-embeds flag, and a
    reply's link previews must stay off (a source's preview can state the twist)."""
    flags = discord.MessageFlags(suppress_embeds=reply.suppress_embeds)
    route = Route(
        "PATCH",
        "/webhooks/{application_id}/{token}/messages/@original",
        application_id=interaction.application_id,
        token=interaction.token,
    )
    with handle_message_parameters(
        content=reply.content,
        embeds=embeds,
        attachments=files,
        view=view,
        allowed_mentions=NO_MENTIONS,
        flags=flags,
    ) as params:
        http = interaction.client.http
        if params.files:
            await http.request(route, files=params.files, form=params.multipart)
        else:
            await http.request(route, json=params.payload)
    interaction.extras[ORIGINAL_FILLED] = True


def expired(error: BaseException) -> bool:
    """Whether Discord refused an answer because the interaction is gone (10062: not
    acknowledged within 3 seconds; 50027: its token is older than 15 minutes): nobody can be
    told anything through it, and trying again only adds to Discord's count of invalid
    requests (10,000 401s, 403s and 429s in 10 minutes ban the bot's IP for an hour)."""
    if isinstance(error, discord.NotFound) and error.code in (UNKNOWN_INTERACTION, UNKNOWN_WEBHOOK):
        # 10015 through an interaction's token: Discord no longer knows the token (it answers
        # so, within the 15 minutes, for a token it has dropped).
        return True
    return token_expired(error)


async def hand_back_by_dm(
    interaction: discord.Interaction[EpilogueBot],
    what: str,
    typed: Iterable[str],
    *,
    shortest: int = KEPT_TEXT_CHARS,
) -> None:
    """Discord dropped the interaction, so no reply reaches the member: what they typed (long
    text, or a form's fields) goes to them in a DM instead, since Discord kept none of it."""
    reply = typed_back(
        f"Discord closed your {what} before Epilogue could answer it (you saw 'The application"
        " did not respond'); try again.",
        typed,
        shortest=shortest,
    )
    if not reply.attachments:
        return
    try:
        await posted(
            lambda: interaction.user.send(**dm_message(reply), files=_fresh(reply)),
            "a DM of the member's text",
        )
    except discord.HTTPException as exc:  # closed DMs: nothing more to try
        log.info("could not hand user %s their text back: %s", interaction.user.id, exc)


def log_expired(interaction: discord.Interaction[EpilogueBot], what: str) -> None:
    """One line for an answer Discord no longer takes, with how late it was."""
    age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
    log.warning(
        "%s: Discord dropped interaction %s (user %s, guild %s) before it was answered,"
        " %.1f s after it was made; the member saw 'The application did not respond'",
        what,
        interaction.id,
        interaction.user.id,
        interaction.guild_id,
        age,
    )


async def send_error(
    interaction: discord.Interaction[EpilogueBot],
    text: str,
    typed: Iterable[str] = (),
    *,
    shortest: int = KEPT_TEXT_CHARS,
) -> None:
    """A private error message, handing back what the member ``typed`` (``typed_back``); if
    even that fails (e.g. the interaction expired), log it."""
    try:
        await deliver(interaction, typed_back(text, typed, shortest=shortest))
    except discord.HTTPException as exc:
        if expired(exc):
            return  # the failure itself was logged; Discord no longer takes a reply
        log.warning(
            "could not tell user %s about a failure in interaction %s: %s",
            interaction.user.id,
            interaction.id,
            exc,
        )


@functools.lru_cache(maxsize=1024)
def embed_for(embed: Embed) -> discord.Embed:
    """The core's embed as discord.py sends it, made once per embed: a repeated answer sends
    the very embed its kept first page holds (``Embed`` is immutable, and so, once made, is
    this: discord.py only reads an embed to send it, ``to_dict``)."""
    return _SentEmbed(embed)


@functools.lru_cache(maxsize=1024)
def embed_payload(embed: Embed) -> dict[str, Any]:
    """The core's embed as Discord's API takes it: what ``discord.Embed.to_dict`` gives for the
    same embed (``tests/client/test_delivery.py`` compares them), made once per embed, and
    without a ``discord.Embed`` for an answer sent as its callback (``_send_message``)."""
    core = embed.payload()  # the core's own payload, as the console shows it
    # discord.py's keys, in its order, each only where set (bytes compared in the test).
    payload: dict[str, Any] = {"type": "rich", "flags": 0}
    for key in ("title", "description", "color", "fields", "footer"):
        if core.get(key):
            payload[key] = core[key]
    return payload


class _SentEmbed(discord.Embed):
    """A ``discord.Embed`` whose payload is made once, from the core's embed
    (``embed_payload``): discord.py's ``to_dict`` reads every slot again for each send, the most
    of what converting a reply cost."""

    __slots__ = ("_payload",)

    def __init__(self, embed: Embed) -> None:
        super().__init__(title=embed.title, description=embed.description, colour=int(embed.colour))
        for field in embed.fields:
            self.add_field(name=field.name, value=field.value, inline=field.inline)
        if embed.footer:
            self.set_footer(text=embed.footer)
        self._payload = embed_payload(embed)

    def to_dict(self) -> Any:  # discord.py's EmbedData, as its own to_dict types it
        return self._payload


def view_for(rows: tuple[tuple[Button, ...], ...]) -> discord.ui.View | None:
    """The core's buttons as components; presses are answered by ``cogs.components``."""
    if not rows:
        return None
    return _Buttons(rows)


class _Buttons(discord.ui.View):
    """Rows of buttons, sent as their component payloads.

    discord.py only serialises a view to send it (``to_components``), and a stopped view is not
    kept in memory: the message carries the components, and the persistent handler answers
    them, in this process or after a restart. So no ``ui.Button`` objects are built (they
    cost more than the rest of delivering a cached answer).
    """

    def __init__(self, rows: tuple[tuple[Button, ...], ...]) -> None:
        super().__init__(timeout=None)
        self._rows = components_for(rows)
        self.stop()

    def to_components(self) -> list[dict[str, Any]]:
        return self._rows


def components_for(rows: tuple[tuple[Button, ...], ...]) -> list[dict[str, Any]]:
    """Rows of buttons as a message's ``components`` (what ``_Buttons.to_components`` sends)."""
    return [{"type": 1, "components": [_button_payload(button) for button in row]} for row in rows]


def _button_payload(button: Button) -> dict[str, Any]:
    """A button component as Discord's API takes it (what ``ui.Button`` would send)."""
    return {
        "type": 2,
        "style": int(button.style),
        "label": button.label,
        "custom_id": button.custom_id,
        "disabled": button.disabled,
    }


def form_for(modal: Modal) -> discord.ui.Modal:
    """The core's form; its submission is routed by ``cogs.components``, as for buttons."""
    form = discord.ui.Modal(title=modal.title, custom_id=modal.custom_id, timeout=None)
    for field in modal.inputs:
        form.add_item(
            discord.ui.TextInput(
                label=field.label,
                custom_id=field.custom_id,
                style=discord.TextStyle.paragraph if field.paragraph else discord.TextStyle.short,
                default=field.value or None,
                required=field.required,
                max_length=field.max_length,
                placeholder=field.placeholder or None,
            )
        )
    form.stop()
    return form


async def _private_follow_up(
    interaction: discord.Interaction[EpilogueBot],
    reply: Reply,
    embeds: list[discord.Embed],
    view: discord.ui.View | None,
) -> None:
    """``reply`` as a new message its asker alone sees (a follow-up of ``interaction``)."""
    await posted(
        lambda: interaction.followup.send(
            content=reply.content,
            embeds=embeds,
            files=_fresh(reply),
            ephemeral=True,
            suppress_embeds=reply.suppress_embeds,
            allowed_mentions=NO_MENTIONS,
            **({"view": view} if view is not None else {}),
        ),
        "a private follow-up",
    )
