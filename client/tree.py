"""Epilogue's command tree: one place where every slash command failure becomes a private reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.command_table import command_table
from bot.db.storage_errors import STORAGE_UNAVAILABLE, is_storage_failure, log_storage_failure
from bot.dispatch import texts_to_hand_back
from bot.errors import UserFacingError
from client import callbacks
from client.attempts import answers
from client.delivery import (
    AnswerRefused,
    ThreadClosed,
    done_not_shown,
    expired,
    foreign_id_of,
    hand_back_by_dm,
    log_expired,
    offer,
    send_error,
)
from client.metrics import failed

if TYPE_CHECKING:
    from client.bot import EpilogueBot

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Something went wrong on Epilogue's side; it has been logged. "
    "Try again in a moment, and tell a server admin if it keeps happening."
)
DISCORD_FAILED = (
    "Discord had a problem on its side and did not take Epilogue's answer; try again in a moment."
)
RATE_LIMITED = (
    "Discord is limiting how fast Epilogue may answer right now, so its answer could not be"
    " shown; if nothing changed, try again in a minute."
)
OUT_OF_DATE = (
    "Discord's copy of this command is out of date (Epilogue was updated). "
    "Try again in a minute; if it persists, ask the bot owner to sync the commands."
)


async def tell_done(
    interaction: discord.Interaction[EpilogueBot], name: str, refused: AnswerRefused
) -> None:
    """Discord refused the answer to work already done: the member is told it was done (an
    error saying "try again" would have them do it twice). Nothing to hand back: it was used."""
    failed(interaction, "answer_refused")
    if expired(refused.error):
        log_expired(interaction, name)  # its answer could not be sent by DM either
        return
    log.warning(
        "%s: Discord refused the answer to interaction %s (user %s, guild %s) after the work"
        " was done: %s",
        name,
        interaction.id,
        interaction.user.id,
        interaction.guild_id,
        refused.error,
    )
    await send_error(interaction, done_not_shown(refused))


class OwnerOnly(app_commands.CheckFailure):
    """Raised by owner checks; its text is shown as it is."""


ALREADY_EVERYWHERE = (
    "Epilogue's commands are registered everywhere already, and Discord would list a copy"
    " in this server beside them: members would see each command twice. Update them with"
    " /epilogue sync scope:everywhere, which reaches this server too. Nothing was registered."
)


FOREIGN_CHOICE = "{} is not an id Discord gives: nothing was looked up."
"""The one choice offered for typing by an id no Discord payload holds (under Discord's 100
characters for a choice's name and value, an id being 20 digits at most)."""


async def _typed_by_discords_ids(interaction: discord.Interaction[EpilogueBot]) -> bool:
    """Whether a keystroke names only ids Discord gives (``Invocation.foreign_id``): one that
    names another is answered with a choice saying so, and logged in one line. Its asker and
    place reach storage (their settings, the server's rules), whose 64-bit ids such an id
    does not fit; the command itself, were the choice picked, is refused by the core."""
    foreign = foreign_id_of(interaction)
    if foreign is None:
        return True
    log.warning(
        "refused autocomplete interaction %s: it names %s, no Discord id"
        " (ids run from 0 to 2^63 - 1); it did not come from Discord as sent",
        interaction.id,
        foreign,
    )
    told = FOREIGN_CHOICE.format(foreign)
    await offer(interaction, [app_commands.Choice(name=told, value=told)])
    return False


def command_label(command: app_commands.AppCommand) -> str:
    """How a member finds a registered command: ``/film``, or ``Apps → Hide as spoiler`` for a
    message command, which has no slash."""
    if command.type is discord.AppCommandType.chat_input:
        return f"/{command.name}"
    return f"Apps → {command.name}"


class AlreadyEverywhere(Exception):
    """A server copy of the commands was asked for while they are registered globally."""


class EpilogueTree(app_commands.CommandTree["EpilogueBot"]):
    last_interaction_at: float = 0.0
    """When the last command or autocomplete arrived (``time.perf_counter``): work that may
    wait (``client.slash``'s answers worked out ahead) waits for a quiet moment."""
    idle_work_ended_at: float = 0.0
    """When the last work done in a quiet moment (``when_quiet``) ended: it held the event
    loop, so an interaction that came meanwhile may not have been read yet."""

    plain_calls: bool = True
    """Whether ``_call`` reads a plain slash command without discord.py's ``Namespace``
    (tests send the same payloads both ways)."""
    called_plainly: int = 0
    """Slash commands called so (tests see which way one went)."""

    def __init__(self, client: EpilogueBot, **options: Any) -> None:
        super().__init__(client, **options)
        self._idle_work = asyncio.Lock()

    async def quiet(
        self, quiet_s: float, recheck_s: float, give_up_at: float | None = None
    ) -> bool:
        """Wait until no command or autocomplete has arrived, and no work done in a quiet
        moment has ended, for ``quiet_s``, looking again every ``recheck_s``; False if that
        has not happened by ``give_up_at`` (``time.perf_counter``)."""
        while time.perf_counter() - self._busy_at() < quiet_s:
            if give_up_at is not None and time.perf_counter() + recheck_s > give_up_at:
                return False
            await asyncio.sleep(recheck_s)
        return True

    def _busy_at(self) -> float:
        return max(self.last_interaction_at, self.idle_work_ended_at)

    async def when_quiet(
        self,
        work: Callable[[], Awaitable[object]],
        quiet_s: float,
        recheck_s: float,
        give_up_at: float | None = None,
    ) -> bool:
        """Run ``work`` in a quiet moment (``quiet``), one such work at a time; False, and
        ``work`` not run, if no quiet moment came by ``give_up_at``. Work that waited for the
        same moment used to run back to back, holding the loop for each in turn while an
        interaction that came meanwhile waited unread; now the next waits for a whole quiet
        moment after it, in which the loop reads and answers anything that came first."""
        async with self._idle_work:
            if give_up_at is not None and time.perf_counter() > give_up_at:
                return False  # its turn came too late (others' work, or their wait, took it)
            if not await self.quiet(quiet_s, recheck_s, give_up_at):
                return False
            try:
                await work()
            finally:
                self.idle_work_ended_at = time.perf_counter()
            return True

    async def interaction_check(self, interaction: discord.Interaction[EpilogueBot], /) -> bool:
        self.last_interaction_at = time.perf_counter()
        if interaction.type is discord.InteractionType.autocomplete:
            # A command is refused by the core, which tells its asker; typing reaches the
            # suggestions and the work ahead (``client.slash``) before the core asks.
            return await _typed_by_discords_ids(interaction)
        return True

    async def _call(self, interaction: discord.Interaction[EpilogueBot]) -> None:
        """discord.py's, for a slash command whose options need no ``Namespace`` of their own
        (``_plainly_called``): its values read from the payload as the ``Namespace`` reads
        them, transformed by discord.py's own parameters, the command called and its failure
        handled as ``CommandTree._call`` does. Any other interaction is discord.py's."""
        called = _plainly_called(self, interaction) if self.plain_calls else None
        if called is None:
            await super()._call(interaction)
            return
        self.called_plainly += 1
        if not await self.interaction_check(interaction):
            interaction.command_failed = True
            return
        command, values = called
        # As discord.py pre-fills it; the namespace itself is read only if asked (an error).
        interaction._cs_command = command
        try:
            await command._do_call(interaction, await _transformed(command, interaction, values))
        except app_commands.AppCommandError as error:
            interaction.command_failed = True
            await command._invoke_error_handlers(interaction, error)
            await self.on_error(interaction, error)
        else:
            if not interaction.command_failed:
                self.client.dispatch("app_command_completion", interaction, command)

    def watch_arrivals(self, parsers: dict[str, Callable[[Any], None]]) -> None:
        """Count an interaction as arrived when the gateway's event is read, not only when the
        tree's own task reaches it (``interaction_check``) an event-loop turn or more later.

        Between the two, a quiet moment's recheck could run first: an event read in the very
        turn its timer fired (the process kept off the CPU a few ms, the event waiting in the
        socket meanwhile) still looked quiet, and work ahead (a first answer, 1-2 ms) held the
        loop while that keystroke, and every one read after it, waited. Every kind counts (a
        button press too): the work only ever takes time nobody asked for. Wraps the parser
        outermost, so it runs first."""
        parse = parsers["INTERACTION_CREATE"]

        def parse_noting_arrival(data: Any) -> None:
            self.last_interaction_at = time.perf_counter()
            parse(data)

        parsers["INTERACTION_CREATE"] = parse_noting_arrival

    async def on_error(
        self, interaction: discord.Interaction[EpilogueBot], error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command
        name = f"/{command.qualified_name}" if command is not None else "this command"
        if interaction.type is discord.InteractionType.autocomplete:
            # Discord takes only choices in answer to typing (a message is refused, 50035).
            log.warning("autocomplete of %s failed (%s): %s", name, interaction.id, error)
            if not interaction.response.is_done():
                with contextlib.suppress(discord.HTTPException):
                    await callbacks.send_choices(interaction, [])
            return
        spec = command_table().get(command.qualified_name) if command is not None else None
        # What the member typed, to hand back: a post's text however short, other long text.
        # (Namespace answers None for any attribute, ``keys`` too: dict() is given pairs.)
        typed = texts_to_hand_back(spec, {key: value for key, value in interaction.namespace})
        if isinstance(error, app_commands.CommandInvokeError) and isinstance(
            error.original, AnswerRefused
        ):
            await tell_done(interaction, name, error.original)
            return
        if isinstance(error, app_commands.CommandInvokeError) and isinstance(
            error.original, ThreadClosed
        ):
            return  # its asker was told by DM (``tell_thread_closed``); nothing was done
        if isinstance(error, app_commands.CommandInvokeError) and expired(error.original):
            log_expired(interaction, name)  # no reply can reach the member any more
            failed(interaction, "expired")
            await hand_back_by_dm(interaction, name, typed, shortest=1)
            return
        message = explain(interaction, name, error)
        if message is None:
            log.error(
                "command %s failed (interaction %s, user %s, guild %s, channel %s)",
                name,
                interaction.id,
                interaction.user.id,
                interaction.guild_id,
                interaction.channel_id,
                exc_info=error,
            )
            message = UNEXPECTED
            failed(interaction, "unexpected")
        else:
            failed(interaction, "storage" if message == STORAGE_UNAVAILABLE else "refused")
            # The refusal's kind, not its text: that quotes what the member typed ("not 'mia
            # marries greg'"), which is theirs to read, not the log's.
            log.info(
                "command %s refused (interaction %s, user %s, guild %s): %s",
                name,
                interaction.id,
                interaction.user.id,
                interaction.guild_id,
                type(getattr(error, "original", error)).__name__,
            )
        # Whatever went wrong, long text typed into the command comes back with the error.
        await send_error(interaction, message, typed, shortest=1)

    async def sync_to(self, guild_id: int | None) -> list[app_commands.AppCommand]:
        """Register the commands with Discord: in one server (instantly) or globally.

        Discord lists a server's own copy of a command beside the global one of the same name,
        so members would see each command twice: a server copy is refused while the commands
        are registered globally (`AlreadyEverywhere`)."""
        if guild_id is None:
            return await self._overwrite(None)
        try:
            if await self.fetch_commands():
                raise AlreadyEverywhere(ALREADY_EVERYWHERE)
        except discord.HTTPException as unlisted:
            if unlisted.status not in UNLISTED:
                raise
            # A stand-in serving the overwrite alone: whether a global copy exists is not known,
            # and the server's copy is what was asked.
            log.info("the global commands could not be listed (%s): not checked", unlisted.status)
        guild = discord.Object(guild_id)
        self.copy_global_to(guild=guild)
        return await self._overwrite(guild)

    async def _overwrite(self, guild: discord.Object | None) -> list[app_commands.AppCommand]:
        """Bulk-overwrite the commands (globally, or in ``guild``); what Discord registered.

        Discord's reference answers the overwrite with the commands. One answered with less
        (``{}``, 204, each command in part, as a proxy or a more minimal Discord might) has
        registered them all the same, and discord.py reads it as no commands or fails reading
        it (``null`` too): what Discord holds is then asked of it (``GET``, a list in every
        Discord)."""
        with answers() as tries:
            try:
                synced = await self.sync(guild=guild)
            except (KeyError, TypeError, ValueError) as unread:
                if not tries or not 200 <= tries[-1] < 300:
                    raise  # failed before Discord took the commands: a fault of ours
                log.info("Discord's answer to the commands' overwrite was unread: %r", unread)
            else:
                if len(synced) == len(self.get_commands(guild=guild)):
                    return synced
        try:
            return await self.fetch_commands(guild=guild)
        except discord.HTTPException as unlisted:
            if unlisted.status not in UNLISTED:
                raise
            # Taken (2xx) and not listed (a stand-in serving the overwrite alone): what was sent.
            log.info("the commands taken could not be listed (%s): as sent", unlisted.status)
            return self._as_sent(guild)

    def _as_sent(self, guild: discord.Object | None) -> list[app_commands.AppCommand]:
        """The commands the overwrite sent, as Discord would describe them (ids not known: 0)."""
        application_id = str(self.client.application_id or 0)
        return [
            app_commands.AppCommand(
                data={  # type: ignore[arg-type]
                    "description": "",
                    **command.to_dict(self),
                    "id": "0",
                    "application_id": application_id,
                    **({"guild_id": str(guild.id)} if guild is not None else {}),
                },
                state=self._state,
            )
            for command in self._get_all_commands(guild=guild)
        ]

    async def drop_server_copy(self, guild_id: int) -> bool:
        """Remove a server's own copy of the commands (an earlier ``scope:here``), which shows
        each command twice beside the global ones; False when it has none."""
        guild = discord.Object(guild_id)
        try:
            if not await self.fetch_commands(guild=guild):
                return False
        except discord.Forbidden:
            return False  # no applications.commands scope there: it cannot hold a copy
        except discord.HTTPException as unlisted:
            if unlisted.status not in UNLISTED:
                raise
            # A stand-in serving the overwrite alone: whether a copy is there is not known,
            # and overwriting with none leaves none either way (said only when known).
            log.info("the server's commands could not be listed (%s): none put", unlisted.status)
            try:
                await self._emptied(guild)
            except discord.HTTPException as refused:
                # Forbidden: no applications.commands scope there; no route for a server's
                # commands at all: either way it cannot hold a copy.
                if refused.status != 403 and refused.status not in UNLISTED:
                    raise
            return False
        await self._emptied(guild)
        return True

    async def _emptied(self, guild: discord.Object) -> None:
        """The server's own copy of the commands overwritten with none."""
        self.clear_commands(guild=guild)
        await self._overwrite(guild)


PLAIN_OPTION_TYPES = frozenset({3, 4, 5})
"""Option types discord.py's ``Namespace`` takes as sent (string, integer, boolean)."""


def _plainly_called(
    tree: EpilogueTree, interaction: discord.Interaction[EpilogueBot]
) -> tuple[app_commands.Command[Any, ..., Any], dict[str, Any]] | None:
    """The slash command ``interaction`` runs and its options' values by name, as
    ``CommandTree._call`` reads them into its ``Namespace``, where that reading is plain: a
    chat-input command the tree finds, no ``resolved`` objects, every option of a kind the
    ``Namespace`` takes as sent (its value the last of its name), and no check the command
    or its group would run. None: the tree's own way (and its own errors)."""
    if interaction.type is not discord.InteractionType.application_command:
        return None
    data = interaction.data
    if data.__class__ is not dict or data.get("type", 1) != 1 or "resolved" in data:
        return None
    try:
        command, options = tree._get_app_command_options(data)  # type: ignore[arg-type]
    except Exception:
        return None  # the tree's own path raises it, and tells the member
    if command.checks or command.binding is not None:
        return None
    parent = command.parent
    if parent is not None and type(parent).interaction_check is not GROUP_CHECK:
        return None
    values: dict[str, Any] = {}
    for option in options:
        if (
            option.__class__ is not dict
            or option.get("type") not in PLAIN_OPTION_TYPES
            or "value" not in option
            or option.get("name").__class__ is not str
        ):
            return None
        values[option["name"]] = option["value"]
    return command, values


GROUP_CHECK = app_commands.Group.interaction_check
"""A group's own check, which lets every interaction through."""


async def _transformed(
    command: app_commands.Command[Any, ..., Any],
    interaction: discord.Interaction[EpilogueBot],
    values: dict[str, Any],
) -> dict[str, Any]:
    """``Command._transform_arguments`` over ``values`` in place of its ``Namespace``."""
    transformed: dict[str, Any] = {}
    for parameter in command._params.values():
        try:
            value = values[parameter.display_name]
        except KeyError:
            if parameter.required:
                raise app_commands.CommandSignatureMismatch(command) from None
            transformed[parameter.name] = parameter.default
        else:
            transformed[parameter.name] = await parameter.transform(interaction, value)
    return transformed


UNLISTED = frozenset({404, 405})
"""A commands list a stand-in does not serve (a route never written, a method not allowed):
Discord's reference has both ``GET`` and the overwrite's ``PUT`` at each commands route."""


def explain(
    interaction: discord.Interaction[EpilogueBot], name: str, error: app_commands.AppCommandError
) -> str | None:
    """What the member should read about this failure; None for a bug (logged in full)."""
    if isinstance(error, app_commands.CommandInvokeError):
        original = error.original
        if is_storage_failure(original):
            log_storage_failure(original)
            return STORAGE_UNAVAILABLE
        if isinstance(original, discord.DiscordServerError):
            return DISCORD_FAILED
        if isinstance(original, discord.HTTPException) and original.status == 429:
            return RATE_LIMITED
        if isinstance(original, app_commands.CommandSignatureMismatch):
            return OUT_OF_DATE  # an option's value of another kind than the command's
        return original.message if isinstance(original, UserFacingError) else None
    if isinstance(error, app_commands.NoPrivateMessage):
        return f"{name} only works in a server, not in DMs."
    # Access and cooldowns are the core's (bot/dispatch.py): the only discord.py checks are
    # /epilogue sync's, which raise NoPrivateMessage or OwnerOnly. Any other failure is a bug.
    if isinstance(error, OwnerOnly):
        return str(error)
    if isinstance(error, app_commands.TransformerError):
        option = _option_named(interaction, error)
        kind = error.type.name
        return (
            f"{option}: needs a {kind} that Epilogue can use here; pick one from Discord's list."
            if option
            else f"One of the options needs a {kind} that Epilogue can use here."
        )
    if isinstance(error, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
        return OUT_OF_DATE
    return None


def _option_named(
    interaction: discord.Interaction[EpilogueBot], error: app_commands.TransformerError
) -> str | None:
    command = interaction.command
    if not isinstance(command, app_commands.Command):
        return None
    given = interaction.namespace
    for parameter in command.parameters:
        if getattr(given, parameter.display_name, None) == error.value:
            return parameter.display_name
    return None
