"""A film option's keystroke answered from its INTERACTION_CREATE payload, without discord.py's
``Interaction``.

A keystroke's choices depend on the server and the text typed alone (``KeptFilmChoices``), yet
discord.py built an ``Interaction`` for each (its ``Member``, ``User``, channel), the tree a
``Namespace``, only for Epilogue to read a few ids back out of them: a fifth or more of what a
keystroke whose choices are kept cost the bot (``docs/performance.md``, ``perfkey17``).

Installed innermost, in place of discord.py's own INTERACTION_CREATE parser: every wrapper
Epilogue puts around that parser (ids past 64 bits, replays naming another asker or place,
places named two ways, people's fields completed, roles left out) has read the payload, and
refused it or completed it, before this sees it. Here a keystroke is answered from the payload
only when it is plain: the film option of a command Epilogue registered, in a server discord.py
holds (its own member there known), in a channel it holds that is no thread, every id one
Discord gives, and every field discord.py requires of what it would have built present and
readable. Anything else goes to discord.py's parser, read as before, so whatever discord.py
refuses, and every id ``EpilogueTree.interaction_check`` answers with "not an id Discord
gives", is still refused there. What a plain keystroke is answered with is what the tree's
path answers: the same checks in the same order (the time of arrival, the member's granting
roles read once for ``client.role_readings``), the same choices (titles only: the spoiler
promise's choices are ``KeptFilmChoices``' either way), sent as ``client.delivery.offer``
sends them, and the same work ahead (``client.slash.prepare_soon``), whose ``Invocation`` is
read from an ``Interaction`` built then, for the one keystroke in many that names a film.
``tests/client/test_film_keystrokes.py`` sends the same hostile payloads both ways.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, NamedTuple

import discord
from discord.utils import parse_time, snowflake_time, utcnow
from discord.webhook.async_ import async_context

from bot.invocation import stored_id
from client.callbacks import AUTOCOMPLETE_RESULT, callback_route
from client.delivery import ALREADY_ACKNOWLEDGED, GRANTING_ROLES, expired, invocation_from
from client.slash import FILM_OPTION, FilmOption, Typing, prepare_soon

if TYPE_CHECKING:
    from discord import app_commands

    from bot.invocation import Invocation
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

AUTOCOMPLETE = 4
"""An INTERACTION_CREATE's ``type`` for a keystroke."""
CHAT_INPUT = 1
"""``data.type`` of a slash command (the only kind with options to type into)."""
PLAIN_OPTION_TYPES = frozenset({3, 4, 5})
"""Option types discord.py's ``Namespace`` takes as sent (string, integer, boolean): any other
is read from ``resolved``, and goes the tree's way."""
PLAIN_CHANNELS = (discord.TextChannel, discord.VoiceChannel, discord.StageChannel)
"""Held channels a keystroke is answered from here in: no thread (whose parent the tree's check
reads), nor a kind discord.py does not hold."""
TIMES = ("joined_at", "premium_since", "communication_disabled_until")
"""A member's timestamps, which discord.py reads (and fails on) when it builds the member."""
USER_KEYS = ("id", "username", "discriminator", "avatar")
"""What discord.py's ``User`` requires."""


class Keystroke(NamedTuple):
    """A plain keystroke into a film option, as its payload names it."""

    data: dict[str, Any]
    interaction_id: int
    token: str
    guild_id: int
    channel_id: int
    user_id: int
    roles: tuple[int, ...]
    typed: str
    command: app_commands.Command[Any, ..., Any]
    option: FilmOption


class FilmKeystrokes:
    """Answers plain film keystrokes (``plain``) from their payload; ``enabled`` False sends
    every keystroke the tree's way (tests compare the two)."""

    def __init__(self, bot: EpilogueBot) -> None:
        self.bot = bot
        self.enabled = True
        self.answered = 0
        """Keystrokes answered here (tests and benchmarks see which way one went)."""

    def plain(self, data: Any) -> Keystroke | None:
        """``data`` as a plain keystroke into a film option; None: the tree's to read."""
        if data.__class__ is not dict or data.get("type") != AUTOCOMPLETE or "message" in data:
            return None
        command = data.get("data")
        if (
            command.__class__ is not dict
            or command.get("type", CHAT_INPUT) != CHAT_INPUT
            or "resolved" in command
        ):
            return None
        interaction_id, guild_id = _id(data.get("id")), _id(data.get("guild_id"))
        token = data.get("token")
        if interaction_id is None or guild_id is None or token.__class__ is not str:
            return None
        if not _read_as_discord_py_reads(data):
            return None
        state = self.bot._connection
        guild = state._get_guild(guild_id)
        # A server not held is made up by discord.py from the payload; one whose own member it
        # lacks is given one: either way the tree's path does more than read.
        if guild is None or guild.me is None:
            return None
        channel = data.get("channel")
        channel_id = _id(channel.get("id")) if channel.__class__ is dict else None
        if channel_id is None or not isinstance(guild._resolve_channel(channel_id), PLAIN_CHANNELS):
            return None
        asker = _asker(data.get("member"))
        if asker is None:
            return None
        user_id, roles = asker
        found = self._film_option(command)
        if found is None:
            return None
        typed, command_found, option = found
        return Keystroke(
            data,
            interaction_id,
            token,
            guild_id,
            channel_id,
            user_id,
            roles,
            typed,
            command_found,
            option,
        )

    def _film_option(
        self, command: dict[str, Any]
    ) -> tuple[str, app_commands.Command[Any, ..., Any], FilmOption] | None:
        """The text typed, the command and its film option, as the tree finds them; None when
        the tree would find another option, none, or fail."""
        try:
            found, options = self.bot.tree._get_app_command_options(command)  # type: ignore[arg-type]
        except Exception:
            return None  # the tree's own error path answers it
        values: dict[str, Any] = {}
        focused = None
        for given in options:
            if given.__class__ is not dict or given.get("type") not in PLAIN_OPTION_TYPES:
                return None
            if "value" not in given:
                return None
            values[given.get("name")] = given["value"]  # the last of a name, as ``Namespace``
            if focused is None and given.get("focused"):
                focused = given.get("name")
        typed = values.get(focused)
        parameter = found._params.get(focused) if focused.__class__ is str else None  # type: ignore[arg-type]
        answerer = getattr(parameter, "autocomplete", None)
        option = getattr(answerer, FILM_OPTION, None)
        if (
            typed.__class__ is not str
            or not isinstance(option, FilmOption)
            or getattr(answerer, "__discord_app_commands_checks__", None)
        ):
            return None
        return typed, found, option  # type: ignore[return-value]

    async def answer(self, keystroke: Keystroke) -> None:
        """Answer ``keystroke`` as the tree would (``EpilogueTree.interaction_check``, then
        the film option's autocomplete: ``client.slash._autocomplete``)."""
        self.answered += 1
        bot = self.bot
        bot.tree.last_interaction_at = time.perf_counter()
        # Once per delivery, as ``client.delivery.granting_roles`` reads them.
        granting = bot.role_readings.granting(
            keystroke.guild_id,
            keystroke.user_id,
            keystroke.interaction_id,
            frozenset((*keystroke.roles, keystroke.guild_id)),
        )
        try:
            choices = bot.film_choices.for_server(keystroke.guild_id, keystroke.typed)
            await self._offer(keystroke, choices)
            if keystroke.option.prepares:
                typing = Typing(
                    keystroke.interaction_id,
                    keystroke.user_id,
                    keystroke.guild_id,
                    keystroke.channel_id,
                )
                prepare_soon(
                    bot,
                    typing,
                    keystroke.option.spec,
                    keystroke.typed,
                    lambda: self._invocation(keystroke, granting),
                )
        except Exception:
            # As discord.py's tree: nothing can be told of a failed keystroke.
            log.exception(
                "Ignoring exception in autocomplete for %r (Guild: %s, User: %s)",
                keystroke.command.qualified_name,
                keystroke.guild_id,
                keystroke.user_id,
            )

    async def _offer(self, keystroke: Keystroke, choices: list[app_commands.Choice[str]]) -> None:
        """``client.delivery.offer`` for a keystroke read from its payload: the same request
        (``client.callbacks.send_choices``), a refusal logged in the same line."""
        http = self.bot._connection.http
        try:
            await async_context.get().request(
                callback_route(keystroke.interaction_id, keystroke.token),
                session=http._HTTPClient__session,  # type: ignore[attr-defined]
                proxy=http.proxy,
                proxy_auth=http.proxy_auth,
                payload={
                    "type": AUTOCOMPLETE_RESULT.value,
                    "data": {"choices": [choice.to_dict() for choice in choices]},
                },
            )
        except discord.HTTPException as exc:
            if expired(exc):
                age = (utcnow() - snowflake_time(keystroke.interaction_id)).total_seconds()
                log.warning(
                    "%s: Discord dropped interaction %s (user %s, guild %s) before it was"
                    " answered, %.1f s after it was made; the member saw 'The application did"
                    " not respond'",
                    "autocomplete",
                    keystroke.interaction_id,
                    keystroke.user_id,
                    keystroke.guild_id,
                    age,
                )
            elif exc.code != ALREADY_ACKNOWLEDGED:
                log.warning(
                    "Discord refused the choices for interaction %s (user %s, guild %s): %s",
                    keystroke.interaction_id,
                    keystroke.user_id,
                    keystroke.guild_id,
                    exc,
                )

    def _invocation(self, keystroke: Keystroke, granting: frozenset[int]) -> Invocation | None:
        """The keystroke's ``Invocation`` for the work ahead, from an ``Interaction`` built now
        (its granting roles those read at its arrival: a second reading would be a replay's)."""
        try:
            interaction = discord.Interaction(data=keystroke.data, state=self.bot._connection)  # type: ignore[arg-type]
        except Exception:
            log.debug("keystroke %s: not read for work ahead", keystroke.interaction_id)
            return None
        interaction.extras[GRANTING_ROLES] = granting
        return invocation_from(interaction)


def answer_film_keystrokes(bot: EpilogueBot) -> FilmKeystrokes:
    """Put the keystroke path in place of discord.py's INTERACTION_CREATE parser: install it
    before any other wrapper of that parser, so every one of them runs first."""
    state = bot._connection
    parse = state.parsers["INTERACTION_CREATE"]
    keystrokes = FilmKeystrokes(bot)

    def parse_or_answer(data: Any) -> None:
        keystroke = keystrokes.plain(data) if keystrokes.enabled else None
        if keystroke is None:
            parse(data)
            return
        # As discord.py's tree names its task (tests wait for it by that name).
        bot.loop.create_task(keystrokes.answer(keystroke), name="CommandTree-invoker")

    state.parsers["INTERACTION_CREATE"] = parse_or_answer
    return keystrokes


def _id(value: object) -> int | None:
    """An id as Discord sends it (text of digits) that discord.py reads and storage takes;
    None for anything else (left to the tree's path)."""
    if value.__class__ is not str or not value.isascii() or not value.isdigit():  # type: ignore[attr-defined]
        return None
    number = int(value)  # type: ignore[call-overload]
    return number if stored_id(number) else None


def _whole(value: object) -> bool:
    """Whether discord.py's ``int()`` reads ``value`` as it comes from Discord."""
    if value.__class__ is int:
        return True
    return value.__class__ is str and value.isascii() and value.isdigit()  # type: ignore[attr-defined]


def _read_as_discord_py_reads(data: dict[str, Any]) -> bool:
    """Whether discord.py's ``Interaction`` reads ``data``'s own fields without failing (its
    member and channel are looked at by ``plain``): what it requires is there, and what it
    converts converts."""
    if not _whole(data.get("application_id")) or "version" not in data:
        return False
    if "attachment_size_limit" not in data or data.get("entitlement_skus"):
        return False
    if data.get("entitlements") or not _whole(data.get("app_permissions", 0)):
        return False
    if data.get("context", 0) not in (0, 1, 2):
        return False
    owners = data.get("authorizing_integration_owners", {})
    return owners.__class__ is dict and all(_whole(k) and _whole(v) for k, v in owners.items())


def _asker(member: object) -> tuple[int, tuple[int, ...]] | None:
    """The member's id and roles as discord.py's ``Member`` reads them; None where it would
    fail, or an id is none Discord gives (the tree's check answers that)."""
    if member.__class__ is not dict:
        return None
    user = member.get("user")  # type: ignore[union-attr]
    roles = member.get("roles")  # type: ignore[union-attr]
    if user.__class__ is not dict or roles.__class__ is not list or "flags" not in member:  # type: ignore[operator]
        return None
    if any(key not in user for key in USER_KEYS):  # type: ignore[operator]
        return None
    user_id = _id(user["id"])  # type: ignore[index]
    if user_id is None or not _whole(member.get("permissions", 0)):  # type: ignore[union-attr]
        return None
    read = tuple(_id(role) for role in roles)  # type: ignore[union-attr]
    if None in read:
        return None
    try:
        for key in TIMES:
            parse_time(member.get(key))  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    return user_id, read  # type: ignore[return-value]
