"""Discord slash commands built from the core's command table, and answered by it.

Each command is declared once, in its feature's ``commands`` module (``bot/features/…``): name,
description, options, access and handler. This module turns a group of those declarations into
a discord.py ``app_commands.Group`` whose commands have the same options, so Discord shows what
the console shows and nothing repeats the table. Why build instead of decorating a method per
command: 27 hand-written signatures used to mirror the table and stay in step only because a
test compared them; generated ones cannot drift.

discord.py reads a command's options from its callback's signature, so each callback gets an
``inspect.Signature`` made from the option specs; descriptions, fixed choices and autocomplete
go through discord.py's own decorators.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import discord
from discord import app_commands

from bot.command_table import (
    Access,
    CommandSpec,
    GroupSpec,
    OptionKind,
    OptionSpec,
    command_groups,
    command_table,
)
from bot.dispatch import (
    check_access,
    complete,
    complete_in_time,
    film_to_prepare,
    prepare_ahead,
    start_command,
)
from bot.errors import AlreadyHandled
from bot.replies import Deferred, PendingFile, Reply
from bot.spoiler_policy.rehiding import out_of_reach_note
from client.delivery import (
    acknowledge,
    acknowledged_or_answered_later,
    deliver,
    invocation_from,
    offer,
)
from client.metrics import acknowledged
from client.options import (
    ChannelOption,
    choices_for,
    download,
    fetch,
    film_autocomplete,
    unresolved,
    whole_number,
    yes_or_no,
)
from client.rehiding import rehide
from client.repost_outcomes import upload_limit
from client.server_permissions import look_up_asker
from client.thread_parents import confirm_thread_parent

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from bot.invocation import Invocation
    from client.bot import EpilogueBot

Interaction = discord.Interaction["EpilogueBot"]

READY_WITHIN_S = 0.5
"""How long an answer may take to be ready and still be the interaction's reply itself.

A member's wait is shortest with one round trip: acknowledging first ("thinking…") sends the
answer no sooner, only adds a second request (more work for the bot when many ask at once).
It buys feedback, worth it for a slow answer (a first search index build): past half a second
the interaction is acknowledged, far inside Discord's 3-second deadline even on a busy loop."""
ACKNOWLEDGE_BY_S = 1.5
"""Discord's 3 seconds run from when it created the interaction (the time in its id), not from
when the bot got to it: on a bot so busy that an interaction waited in its queue, the wait for a
ready answer ends this long after creation, and one that waited longer is acknowledged at once."""
TOKEN_LIFETIME_S = 15 * 60
"""An interaction older than this by our clock (or from the future) says our clock and
Discord's disagree: its age tells nothing, and ``READY_WITHIN_S`` applies as it is."""


def ready_within(interaction: Interaction, now: float | None = None) -> float:
    """How long this interaction's answer may take and still be its reply itself."""
    age = (time.time() if now is None else now) - interaction.created_at.timestamp()
    if not 0 <= age <= TOKEN_LIFETIME_S:
        return READY_WITHIN_S
    return max(0.0, min(READY_WITHIN_S, ACKNOWLEDGE_BY_S - age))


_ANNOTATIONS: dict[OptionKind, Any] = {
    OptionKind.STRING: str,
    OptionKind.FILM: str,
    OptionKind.INTEGER: int,
    OptionKind.BOOLEAN: bool,
    OptionKind.CHANNEL: app_commands.Transform[Any, ChannelOption],
    OptionKind.ROLE: discord.Role,
    OptionKind.USER: discord.User,
    OptionKind.ATTACHMENT: discord.Attachment,
}

_TEXT_KINDS = frozenset({OptionKind.STRING, OptionKind.FILM})
"""Options Discord sends as strings, whatever is typed in them."""
_OBJECT_KINDS = frozenset({OptionKind.ROLE, OptionKind.USER, OptionKind.ATTACHMENT})
"""Options discord.py hands over as objects: the core takes their ids, or the file."""

# Who Discord shows a group to by default; the core checks again on every command.
_DEFAULT_PERMISSIONS = {
    Access.MODERATOR: discord.Permissions(manage_messages=True),
    Access.ADMIN: discord.Permissions(manage_guild=True),
    Access.OWNER: discord.Permissions(administrator=True),
}


def group(name: str) -> app_commands.Group:
    """The slash command group ``name`` (e.g. ``"spoiler-rules"``) with all its commands."""
    spec = next(g for g in command_groups() if g.name == name)
    built = _group_for(spec)
    for command in command_table().values():
        if command.path[0] == name:
            built.add_command(slash_command(command))
    return built


def _group_for(spec: GroupSpec) -> app_commands.Group:
    return app_commands.Group(
        name=spec.name,
        description=spec.description,
        guild_only=spec.guild_only,
        # What @app_commands.guild_only() sets on a class: only in servers, never in DMs.
        allowed_contexts=app_commands.AppCommandContext(guild=True) if spec.guild_only else None,
        default_permissions=_DEFAULT_PERMISSIONS.get(spec.access),
    )


def slash_command(spec: CommandSpec) -> app_commands.Command[Any, ..., None]:
    """One command of the table as a discord.py command that runs it in the core."""

    async def callback(interaction: Interaction, **options: Any) -> None:
        await answer(interaction, spec, options)

    parameters = [
        inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        *(_parameter(option) for option in spec.options),
    ]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    decorated: Callable[..., Awaitable[None]] = callback
    if spec.options:
        decorated = app_commands.describe(**{o.name: o.description for o in spec.options})(
            decorated
        )
    fixed = {
        o.name: [app_commands.Choice(name=o.choice_name(c), value=c) for c in o.choices]
        for o in spec.options
        if o.choices
    }
    if fixed:
        decorated = app_commands.choices(**fixed)(decorated)
    suggested = {o.name: _autocomplete(o, spec) for o in spec.options if _suggests(o)}
    if suggested:
        decorated = app_commands.autocomplete(**suggested)(decorated)
    return app_commands.Command(
        name=spec.path[-1], description=spec.description, callback=decorated
    )


def _parameter(option: OptionSpec) -> inspect.Parameter:
    annotation = _bounded(option) or _ANNOTATIONS[option.kind]
    if option.required:
        return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)
    return inspect.Parameter(
        option.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=annotation | None,
        default=None,
    )


def _bounded(option: OptionSpec) -> Any:
    """The option's bounds as Discord takes them (``min_value``/``max_value``, ``max_length``),
    so its client refuses a value outside them before sending it; None: none to register."""
    if option.kind is OptionKind.INTEGER and (
        option.min_value is not None or option.max_value is not None
    ):
        return app_commands.Range[int, option.min_value, option.max_value]
    if option.kind is OptionKind.STRING and option.max_length is not None:
        return app_commands.Range[str, None, option.max_length]
    return None


def _suggests(option: OptionSpec) -> bool:
    return option.kind is OptionKind.FILM or option.suggest is not None


def _autocomplete(
    option: OptionSpec, spec: CommandSpec
) -> Callable[..., Awaitable[list[app_commands.Choice[str]]]]:
    choose = _choices_for(option)
    # A film option of a command that works its answer out ahead (``_prepare_soon``).
    prepares = option.suggest is None and spec.prepare is not None

    async def offered(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        # Sent here rather than by discord.py, which logs a refusal as an error (``offer``).
        choices = await choose(interaction, current)
        await offer(interaction, choices)
        if prepares:
            # Only now: which film the text names matters to the work ahead alone, and for a
            # typo (the slowest search) it is the slowest lookup after it.
            _prepare_soon(interaction, spec, current)
        return choices

    if option.suggest is None:
        # A film option: its keystrokes may be answered from their payload alone
        # (``client.film_keystrokes``), with the same choices and the same work ahead.
        offered.film_option = FilmOption(spec, prepares)  # type: ignore[attr-defined]
    return offered


class FilmOption(NamedTuple):
    """What a film option's autocomplete answers with (``FILM_OPTION``): the command, and
    whether its keystrokes start the work ahead (``_prepare_soon``)."""

    spec: CommandSpec
    prepares: bool


FILM_OPTION = "film_option"
"""The attribute ``_autocomplete`` sets on a film option's autocomplete: a ``FilmOption``."""


def _choices_for(
    option: OptionSpec,
) -> Callable[..., Awaitable[list[app_commands.Choice[str]]]]:
    if option.suggest is None:
        return film_autocomplete
    suggest = option.suggest

    async def autocomplete(
        interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = {key: value for key, value in interaction.namespace}
        found = await suggest(interaction.client.app, invocation_from(interaction), current, typed)
        return choices_for(found)

    return autocomplete


PREPARE_AFTER_S = 0.005
"""A title typed clearly is worked out ahead this long after its choices were sent, and a
member takes far longer to press Enter."""
QUIET_S = 0.002
"""Working out ahead is speculative: it waits until no command or autocomplete has arrived for
this long, so it only ever uses time the bot would spend idle..."""
RECHECK_S = 0.01
PREPARE_WITHIN_S = 0.25
"""...looking again every ``RECHECK_S``, and is given up if the bot stays that busy for this
long after the keystroke."""
WAITING_AT_ONCE = 4
"""Keystrokes waiting to be worked out ahead at once; past that, more typing is not followed,
so a busy bot never gathers timers (a member's newer keystroke replaces their older one)."""


class WorkAhead(NamedTuple):
    """A member's answer waiting to be worked out ahead (``_prepare_soon``): for which
    keystroke (its interaction id, later for a later one), of which command, about which film,
    for which channel."""

    keystroke: int
    spec: CommandSpec
    film_id: int
    channel_id: int | None
    task: asyncio.Task[None]


def _prepare_soon(interaction: Interaction, spec: CommandSpec, typed: str) -> None:
    """Work out the answer ``typed`` names ahead (``bot.dispatch.prepare_ahead``), once the
    autocomplete reply is sent and the bot is otherwise idle."""
    prepare_soon(
        interaction.client,
        Typing(interaction.id, interaction.user.id, interaction.guild_id, interaction.channel_id),
        spec,
        typed,
        lambda: invocation_from(interaction),
    )


class Typing(NamedTuple):
    """A keystroke as the work ahead reads it: its interaction id, who typed, and where."""

    keystroke: int
    member: int
    guild_id: int | None
    channel_id: int | None


def prepare_soon(
    client: EpilogueBot,
    typing: Typing,
    spec: CommandSpec,
    typed: str,
    invocation_of: Callable[[], Invocation | None],
) -> None:
    """``_prepare_soon`` for a keystroke read as ``typing``; ``invocation_of`` is asked only
    for a film worth working out (None: nothing is)."""
    waiting = client.preparing
    member = typing.member
    older = waiting.get(member)
    if older is None and len(waiting) >= WAITING_AT_ONCE:
        return  # not followed, whatever the text names: no need to look it up
    if older is not None and older.keystroke > typing.keystroke:
        return  # a newer keystroke's choices went out first: it is the one that counts
    app, tree = client.app, client.tree
    film = film_to_prepare(app, spec, typing.guild_id, typed)
    channel = typing.channel_id
    if older is not None:
        if film is not None and (older.spec, older.film_id, older.channel_id) == (
            spec,
            film.id,
            channel,
        ):
            return  # typing on toward the same film (title letter by letter): it waits already
        del waiting[member]
        older.task.cancel()  # still typing: only the newest keystroke counts
    if film is None:
        return
    invocation = invocation_of()  # only now: most keystrokes name no film
    if invocation is None:
        return

    async def later() -> None:
        give_up = time.perf_counter() + PREPARE_WITHIN_S
        await asyncio.sleep(PREPARE_AFTER_S)
        # Or, busy answering others until give_up: nothing is worked out ahead.
        work = functools.partial(prepare_ahead, app, spec, invocation, film)
        await tree.when_quiet(work, QUIET_S, RECHECK_S, give_up)

    task = asyncio.create_task(later())
    waiting[member] = WorkAhead(typing.keystroke, spec, film.id, channel, task)

    def forget(done: asyncio.Task[None]) -> None:
        if (ahead := waiting.get(member)) is not None and ahead.task is done:
            del waiting[member]

    task.add_done_callback(forget)


def prepared(bot: EpilogueBot) -> list[asyncio.Task[None]]:
    """Answers being worked out ahead now (for tests to wait on)."""
    return [ahead.task for ahead in bot.preparing.values()]


async def answer(interaction: Interaction, spec: CommandSpec, given: dict[str, Any]) -> None:
    """Run the table's command ``spec`` in the core and deliver its reply.

    An answer ready within ``READY_WITHIN_S`` (less for an interaction that waited in a busy
    bot's queue: ``ready_within``) is the reply itself (one round trip); a slower
    one is acknowledged then ("thinking…"), visible to exactly the audience the core named,
    and sent when it is ready. Options left empty are left out, as the console
    leaves out options nobody typed.
    """
    app = interaction.client.app
    await look_up_asker(interaction)
    await confirm_thread_parent(interaction)
    invocation = invocation_from(interaction)
    options = {key: value for key, value in given.items() if value is not None}
    for option in spec.options:
        value = options.get(option.name)
        if value is not None and option.kind in _TEXT_KINDS and not isinstance(value, str):
            # Text is all Discord sends for a text option: another kind of value comes from
            # Discord's copy of a command registered otherwise before (discord.py passes it on).
            raise app_commands.CommandSignatureMismatch(interaction.command)  # type: ignore[arg-type]
        if value is not None and option.kind is OptionKind.INTEGER:
            options[option.name] = whole_number(option.name, value)
            continue
        if value is not None and option.kind is OptionKind.BOOLEAN:
            options[option.name] = yes_or_no(option.name, value)
            continue
        if value is None or option.kind not in _OBJECT_KINDS:
            # Most options are text; ``discord.abc.User`` is a runtime protocol whose
            # isinstance check costs more than the rest of a cached answer's dispatch.
            continue
        if isinstance(value, discord.Role | discord.abc.User):
            options[option.name] = value.id
        elif isinstance(value, discord.Object):
            # Named by id alone: Discord's ``data.resolved`` (optional) did not describe it.
            options[option.name] = unresolved(option.name, option.kind, value.id)
        elif isinstance(value, discord.Attachment) and spec.extra.get("public_upload"):
            # A command that posts the file for everyone (/spoiler post): the core refuses
            # first, unacknowledged and so privately, and fetches it after a public one.
            options[option.name] = PendingFile(
                value.filename,
                value.size,
                functools.partial(fetch, value),
                limit=upload_limit(interaction.guild, interaction),
            )
        elif isinstance(value, discord.Attachment):
            # Fetching and checking a file can outlast Discord's 3 seconds: acknowledge first
            # (privately: the answer is the uploader's), and fetch nothing for someone who may
            # not run the command at all.
            await acknowledge(interaction, ephemeral=True)
            await check_access(app, spec, invocation)
            options[option.name] = await download(value)
    try:
        outcome = await start_command(app, spec, invocation, options)
    except AlreadyHandled:
        return  # delivered again: its change was made once, and Discord has its answer
    if isinstance(outcome, Deferred):
        if interaction.response.is_done():
            outcome = await complete(outcome)
        else:
            private = outcome.ephemeral

            async def thinking() -> None:
                if await acknowledged_or_answered_later(
                    interaction, lambda: acknowledge(interaction, ephemeral=private)
                ):
                    acknowledged(interaction)  # metrics, when on

            outcome = await complete_in_time(outcome, ready_within(interaction), thinking)
    try:
        await deliver(interaction, outcome)
    finally:
        # The change is made whether or not its answer reached the moderator.
        change = outcome.rules_change if isinstance(outcome, Reply) else None
        # Recorded (``change.pending_id``): done here only where this process holds the
        # server, else by the process that does, when the server becomes available to it.
        held = interaction.client.get_guild(interaction.guild_id or 0)
        if change is not None and held is not None and not held.unavailable:
            try:
                outcome = await rehide(interaction.client, held, change)
                if (note := out_of_reach_note(outcome)) is not None:
                    # Told "hides again": where it could not, the moderator reads which
                    # places may still show endings openly, and what to do.
                    await deliver(interaction, note)
            except Exception:
                # The moderator's answer is sent: a failure here is the operator's to read.
                log.exception("hiding answers again after a rule change failed")
