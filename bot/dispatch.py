"""Run one command: where it may run, who may run it, cooldowns, then its handler.

Every adapter goes through ``start_command`` (the console through ``run_command``, which also
completes a deferred answer; the Discord client acknowledges in between), so permission checks
and cooldowns hold even when a server admin overrides the command defaults Discord enforces.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from bot.command_table import Access, ChannelRef, CommandSpec, OptionKind, OptionSpec
from bot.db.storage_errors import STORAGE_UNAVAILABLE, is_storage_failure, log_storage_failure
from bot.errors import (
    InvalidInput,
    NotAllowed,
    NotFound,
    OnCooldown,
    SeveralFilms,
    UserFacingError,
    not_discords,
)
from bot.invocation import ADMIN_PERMISSIONS, Invocation, stored_id
from bot.labels import bold_film_label
from bot.replies import Attachment, Deferred, Reply, with_sentence
from bot.spoiler_policy.markup import escape_text, truncate_plain

if TYPE_CHECKING:
    from bot.catalog import FilmEntry
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

T = TypeVar("T")

CHANGED_MEANWHILE = (
    "This answer changed while it was being prepared (the film's content or the spoiler rules"
    " moved): ask again."
)


async def run_command(
    app: Epilogue, spec: CommandSpec, invocation: Invocation, options: dict[str, Any]
) -> Reply:
    """The reply to a command; a person's mistake becomes a private, readable error."""
    outcome = await start_command(app, spec, invocation, options)
    if isinstance(outcome, Deferred):
        # Nothing acknowledges here: the answer is the interaction's reply itself.
        return await complete(outcome, acknowledged=_never)
    return outcome


def _never() -> bool:
    return False


def _already() -> bool:
    return True


async def start_command(
    app: Epilogue, spec: CommandSpec, invocation: Invocation, options: dict[str, Any]
) -> Reply | Deferred:
    """The reply, or for a slow answer who will see it and how to finish it (see ``Deferred``).

    Everything up to a ``Deferred`` works from memory, so an adapter can acknowledge the
    interaction well within Discord's three seconds whatever else the bot is doing.
    """
    counted = False  # whether this use was counted against the member's cooldown
    try:
        if (foreign := invocation.foreign_id()) is not None:
            raise not_discords(foreign)
        if spec.changes:
            # Before anything else: a change delivered again is not made again (nor refused).
            await app.claims.claim_interaction(invocation.interaction_id)
        _check_options(spec, options)
        await check_access(app, spec, invocation)
        counted = (
            spec.access is Access.MEMBER
            and invocation.guild_id is not None
            and not spec.own_settings
        )
        resolved = await _resolved_or_narrowed(app, spec, invocation, options)
        if isinstance(resolved, Reply):
            return resolved
        _check_one_of(spec, resolved)
        outcome = await spec.handler(app, invocation, resolved)
        if isinstance(outcome, Deferred) and (typed := texts_to_hand_back(spec, options)):
            return replace(outcome, hand_back=tuple(typed))
        return outcome
    except OnCooldown as exc:
        return _refused(spec, options, exc.message)
    except UserFacingError as exc:
        _refund(app, invocation, spec, counted)
        return _refused(spec, options, exc.message)
    except Exception as exc:
        if not is_storage_failure(exc):
            raise
        # The bot keeps running; the member is told, the operator reads the cause once. What
        # they typed comes back (they will try again later), and the try does not count.
        log_storage_failure(exc, app.config.database.url)
        _refund(app, invocation, spec, counted)
        return _refused(spec, options, STORAGE_UNAVAILABLE)


def _refund(app: Epilogue, invocation: Invocation, spec: CommandSpec, counted: bool) -> None:
    # Only a use just counted is forgotten: a command refused before its cooldown was checked
    # (a bad option) would otherwise forget the member's last real use.
    if counted and invocation.guild_id is not None:
        app.cooldowns.refund(invocation.guild_id, invocation.user_id, spec.name)


KEPT_TEXT_CHARS = 100
"""Text typed into a string option from this long is handed back when the command is refused."""


def _refused(spec: CommandSpec, options: dict[str, Any], message: str) -> Reply:
    """The private error, with any long text the member typed attached: Discord does not give
    a sent command's options back, so a refusal ("too long", a mistyped title, a no-spoilers
    channel) would otherwise lose what they wrote."""
    return typed_back(message, texts_to_hand_back(spec, options), shortest=1)


def texts_to_hand_back(spec: CommandSpec | None, options: Mapping[str, object]) -> list[str]:
    """The texts of ``options`` a failed command hands back: what the member wrote for others
    (``OptionSpec.written``, however short) and any other text of ``KEPT_TEXT_CHARS`` or more.
    Without the command's spec, every long text."""
    if spec is None:
        return [v for v in options.values() if isinstance(v, str) and _long(v)]
    return [
        value
        for option in spec.options
        if option.kind is OptionKind.STRING
        and isinstance(value := options.get(option.name), str)
        and value.strip()
        and (option.written or _long(value))
    ]


def _long(text: str) -> bool:
    return len(text.strip()) >= KEPT_TEXT_CHARS


def typed_back(message: str, typed: Iterable[str], *, shortest: int = KEPT_TEXT_CHARS) -> Reply:
    """A private error that hands back each text of ``typed`` at least ``shortest`` characters
    long, attached: Discord keeps nothing of a sent command or form, so a refusal or a failure
    would otherwise lose what the member wrote."""
    kept = [text for text in typed if len(text.strip()) >= max(shortest, 1)]
    if not kept:
        return Reply.error(message)
    file = Attachment("your-text.txt", "\n\n".join(kept).encode())
    return Reply.error(with_sentence(message, "What you typed is attached."), attachments=(file,))


async def complete(deferred: Deferred, *, acknowledged: Callable[[], bool] = _already) -> Reply:
    """The deferred answer, for the audience it was acknowledged to, never a wider one.

    An answer that turns private after a public acknowledgement (its content or the rules
    changed in between) is not sent: the channel is told to ask again instead.
    ``acknowledged`` says, once the answer is ready, whether "thinking…" went out: until it
    has, an error (a mistake, a search that found nothing) is the asker's alone, as the
    errors found before any acknowledgement are.
    """
    try:
        reply = await deferred.finish()
    except UserFacingError as exc:
        # An error names no plot, so it may go where the acknowledgement went; with none made,
        # it is the asker's, as every mistake is. One handing back what they typed (a spoiler,
        # maybe) is theirs alone: after a public "thinking…", adapters tell the channel only
        # that the answer went to the asker, and send it privately.
        if deferred.hand_back:
            return typed_back(exc.message, deferred.hand_back, shortest=1)
        return replace(Reply.error(exc.message), ephemeral=_for_asker(deferred, acknowledged))
    except Exception as exc:
        if not is_storage_failure(exc):
            raise
        log_storage_failure(exc)
        if deferred.hand_back:
            return typed_back(STORAGE_UNAVAILABLE, deferred.hand_back, shortest=1)
        unavailable = Reply.error(STORAGE_UNAVAILABLE)
        return replace(unavailable, ephemeral=_for_asker(deferred, acknowledged))
    if reply.ephemeral and not deferred.ephemeral:
        log.warning("a private answer was acknowledged publicly; it was not sent")
        return replace(Reply.error(CHANGED_MEANWHILE), ephemeral=False)
    return reply.private() if deferred.ephemeral else reply


def _for_asker(deferred: Deferred, acknowledged: Callable[[], bool]) -> bool:
    """Whether an error goes to the asker alone: always, unless a public "thinking…" holds
    its place in the channel (an edit of it keeps its audience)."""
    return deferred.ephemeral or not acknowledged()


async def complete_in_time(
    deferred: Deferred, seconds: float, acknowledge: Callable[[], Coroutine[Any, Any, object]]
) -> Reply:
    """The completed answer, with ``acknowledge()`` made first if it is not ready in ``seconds``.

    A ready answer can be the interaction's reply itself (one round trip, no "thinking…"); one
    still under way after ``seconds`` is acknowledged meanwhile (with ``deferred.ephemeral``),
    and that acknowledgement has finished when the answer is returned. Either way it went
    through ``complete``: its audience is the one decided before rendering, the one an
    acknowledgement names, never a wider one. With ``seconds`` 0 no answer counts as ready,
    however fast: it is acknowledged before it is worked out.

    The answer is worked out in the calling task, not a task of its own raced against the
    clock: most never wait on anything (rendered on the event loop, from memory or an inline
    read), and a task and a wait on it were a tenth of such an answer's cost. Only a timer
    watches the clock, and what it starts, when the answer does wait that long, is the
    acknowledgement, in its own task; the loop stays free meanwhile (what renders long does
    so in worker threads), so other interactions are acknowledged too.
    """
    if seconds <= 0:
        await acknowledge()
        return await complete(deferred)
    # Asked as soon as the answer is ready, with no await between: the timer cannot start an
    # acknowledgement after the answer was judged not to need one.
    return await acknowledged_unless_done(
        seconds, lambda acknowledged: complete(deferred, acknowledged=acknowledged), acknowledge
    )


async def acknowledged_unless_done(
    seconds: float,
    work: Callable[[Callable[[], bool]], Awaitable[T]],
    acknowledge: Callable[[], Awaitable[object]],
) -> T:
    """``work(acknowledged)`` in the calling task, with ``acknowledge()`` started in a task of
    its own if ``work`` is not done within ``seconds`` (``acknowledged()`` says whether it
    was); that acknowledgement has finished by the time the result is returned, and when
    ``work`` raises, what follows (an error reply) comes after it. Only a timer watches the
    clock; no await stands between ``work`` being done and the timer's cancelling."""
    started: list[asyncio.Future[object]] = []

    def start_acknowledging() -> None:
        started.append(asyncio.ensure_future(acknowledge()))

    timer = asyncio.get_running_loop().call_later(seconds, start_acknowledging)
    try:
        result = await work(lambda: bool(started))
    except Exception:
        if started:
            with contextlib.suppress(Exception):
                await started[0]
        raise
    finally:
        timer.cancel()
    if started:
        await started[0]
    return result


def _check_options(spec: CommandSpec, options: dict[str, Any]) -> None:
    known = {option.name for option in spec.options}
    if not known.issuperset(options):
        unknown = sorted(set(options) - known)
        names = ", ".join(sorted(known)) or "none"
        raise InvalidInput(f"/{spec.name} has no option '{unknown[0]}'. Its options: {names}.")
    for option in spec.options:
        value = options.get(option.name)
        if option.required and (value is None or value == ""):
            raise InvalidInput(
                f"/{spec.name} needs the option '{option.name}:'. Type `{spec.line_to_type()}`."
            )
        # Registered with Discord, whose client stops a longer text; checked again here for a
        # client that does not (the console, a modified one). The text comes back.
        limit = option.max_length
        if limit is not None and isinstance(value, str) and len(value) > limit:
            raise InvalidInput(
                f"{option.name}: is too long: at most {limit:,} characters,"
                f" and this is {len(value):,}. Shorten it and send the command again."
            )
        named = value.id if isinstance(value, ChannelRef) else value
        if option.kind in _ID_KINDS and isinstance(named, int) and not stored_id(named):
            raise not_discords(named)
        if option.choices and value is not None and str(value) not in option.choices:
            allowed = ", ".join(option.choices)
            shown = escape_text(truncate_plain(str(value), 40))
            meant = _meant_choice(str(value), option)
            asked = f" Did you mean {meant}?" if meant else ""
            raise InvalidInput(f"{option.name}: must be one of {allowed}, not '{shown}'.{asked}")


_ID_KINDS = frozenset({OptionKind.CHANNEL, OptionKind.ROLE, OptionKind.USER})


def _given(value: object) -> bool:
    """Whether an option of a ``one_of`` pair was given: ``clear:false`` asks for nothing."""
    return value is not None and value != "" and value is not False


def _check_one_of(spec: CommandSpec, options: Mapping[str, Any]) -> None:
    """Exactly one of ``spec.one_of`` (``days:`` or ``until:``), or a refusal that says which
    came and shows each line to type, the film already named filled in (after it was
    resolved: a title as the catalog has it, never a picked choice's id)."""
    if not spec.one_of:
        return
    given = [name for name in spec.one_of if _given(options.get(name))]
    if len(given) == 1:
        return
    filled = {
        option.name: _as_typed(options[option.name])
        for option in spec.options
        if option.required and _given(options.get(option.name))
    }
    lines = " or ".join(
        f"`{spec.line_to_type(**filled)} {_one_to_type(spec, name)}`" for name in spec.one_of
    )
    names = " or ".join(_one_to_type(spec, name, shown=True) for name in spec.one_of)
    wrong = "not both" if given else "and got neither"
    raise InvalidInput(f"/{spec.name} needs {names}, {wrong}; nothing was changed. Type {lines}.")


def _as_typed(value: object) -> str:
    """An option's value as a line to type shows it: a film by its title."""
    title = getattr(value, "title", None)
    return escape_text(truncate_plain(str(title if title is not None else value), 80))


def _one_to_type(spec: CommandSpec, name: str, *, shown: bool = False) -> str:
    """``clear:true`` (a switch of a pair is given as true), else ``days:<number>``, or with
    ``shown`` the name alone, as a sentence names it: ``days:``."""
    option = spec.option(name)
    assert option is not None  # one_of names the command's own options
    if option.kind is OptionKind.BOOLEAN:
        return f"{name}:true"
    return f"{name}:" if shown else option.to_type


def _choice_key(text: str) -> str:
    """A choice as people type it: any case, spaces, hyphens or underscores between words."""
    return re.sub(r"[\s_-]+", "", text.strip().lower())


def _meant_choice(typed: str, option: OptionSpec) -> str | None:
    """The choice ``typed`` is close to (a start of one alone, or a misspelling of its value or
    of the name Discord lists for it), or None where none is clearly meant. Discord's client
    picks from the list; the console, and a client that does not, send what was typed."""
    wanted = _choice_key(typed)
    if not wanted:
        return None
    keys = {
        _choice_key(name): value
        for value in option.choices
        for name in (value, option.choice_name(value))
    }
    starting = {value for key, value in keys.items() if key.startswith(wanted)}
    if len(wanted) >= 3 and len(starting) == 1:
        return starting.pop()
    close = difflib.get_close_matches(wanted, list(keys), n=1, cutoff=0.75)
    if close:
        return keys[close[0]]
    if len(wanted) < 3:
        return None
    # A misspelt start ("quik" of quick_answer, "finl" of final_shot): as close to a choice's
    # start as long as the text, or a letter longer (a letter left out), when only one is.
    meant = {
        value
        for key, value in keys.items()
        for start in {key[: len(wanted)], key[: len(wanted) + 1]}
        if difflib.SequenceMatcher(None, wanted, start).ratio() >= 0.75
    }
    return meant.pop() if len(meant) == 1 else None


def _resolved(
    app: Epilogue, spec: CommandSpec, invocation: Invocation, options: dict[str, Any]
) -> dict[str, Any]:
    """Options as handlers take them: a film typed as text becomes the film, once, here."""
    films = {
        option.name: _film(app, spec, invocation, str(options[option.name]))
        for option in spec.options
        if option.kind is OptionKind.FILM and isinstance(options.get(option.name), str)
    }
    return options | films if films else options


async def _resolved_or_narrowed(
    app: Epilogue, spec: CommandSpec, invocation: Invocation, options: dict[str, Any]
) -> dict[str, Any] | Reply:
    """``_resolved``; a title several films fit is taken as the one of them the command can
    mean for this member, where it says which (``CommandSpec.narrow_films``). Where it leaves
    none, the command's "nothing to change" (``CommandSpec.none_to_change``) is the reply:
    whichever film the member picked, nothing would change."""
    try:
        try:
            return _resolved(app, spec, invocation, options)
        except NotFound:
            # A word from inside a title finds its film only once the titles' words are read
            # (in a thread, after a start or new films): wait for them, then look again,
            # rather than tell the member to send it again.
            if not await app.catalog.read_words(invocation.guild_id):
                raise
            return _resolved(app, spec, invocation, options)
    except SeveralFilms as several:
        if spec.narrow_films is None or not several.films:
            raise
        film_options = [o.name for o in spec.options if o.kind is OptionKind.FILM]
        if len(film_options) != 1:
            raise
        narrowed = await spec.narrow_films(app, invocation, list(several.films))
        if not narrowed and spec.none_to_change:
            films = ", ".join(bold_film_label(film) for film in several.films)
            return Reply.text(spec.none_to_change.format(films=films))
        if len(narrowed) != 1:
            raise
        return options | {film_options[0]: narrowed[0]}


def _film(app: Epilogue, spec: CommandSpec, invocation: Invocation, typed: str) -> FilmEntry:
    """The film ``typed`` names. A film hidden in this server names nothing there; an admin
    naming it whole (hiding it again, exporting it) is told it is hidden and how to bring it
    back, which /film-admin unhide's list shows them anyway, rather than "No film matches"."""
    try:
        return app.catalog.find(invocation.guild_id, typed)
    except NotFound:
        hidden = app.catalog.hidden_named(invocation.guild_id, typed)
        if spec.access is not Access.ADMIN or hidden is None:
            raise
        label = escape_text(f"{hidden[0]} ({hidden[1]})")
        raise NotFound(
            f"**{label}** is hidden in this server: /film-admin unhide brings it back (until"
            " then, no command here names it)."
        ) from None


def film_to_prepare(
    app: Epilogue, spec: CommandSpec, guild_id: int | None, typed: str
) -> FilmEntry | None:
    """While a member types ``typed`` into the film option of ``spec`` (in server ``guild_id``,
    None in DMs): the film whose answer to work out ahead (``prepare_ahead``), if the command
    does that (``CommandSpec.prepare``) and the text names one film clearly. Only commands
    every member may run. Asked for every keystroke, so it needs no ``Invocation``: one is
    read only for a film worth working out."""
    if spec.prepare is None or spec.access is not Access.MEMBER:
        return None
    if spec.guild_only and guild_id is None:
        return None
    return app.catalog.named_clearly(guild_id, typed)


async def prepare_ahead(
    app: Epilogue, spec: CommandSpec, invocation: Invocation, film: FilmEntry
) -> None:
    """Work out ``spec``'s answer about ``film`` (from ``film_to_prepare``) so it is ready
    when the command comes. Cooldowns are not touched (nothing has been asked yet), and never
    an error: nothing is shown."""
    if spec.prepare is None:
        return
    try:
        await spec.prepare(app, invocation, film)
    except Exception:
        log.exception("working out /%s about %s ahead failed", spec.name, film.label)


async def check_access(app: Epilogue, spec: CommandSpec, invocation: Invocation) -> None:
    if spec.guild_only and invocation.guild_id is None:
        raise NotAllowed(f"/{spec.name} only works in a server, not in DMs.")
    if spec.access is Access.OWNER and not invocation.is_owner:
        raise NotAllowed(f"/{spec.name} is for the bot owner only.")
    if spec.own_settings:
        # In DMs too: what bounds it is the member, not a server (see ``own_settings``).
        app.own_settings_budget.check(invocation.user_id, spec.name)
    if invocation.guild_id is None:
        return
    rules = await app.standings.rules(invocation.guild_id)
    if spec.access is Access.MODERATOR:
        if not invocation.is_moderator(rules.moderator_role_id):
            if invocation.timed_out and invocation.timed_out_until is not None:
                ends = int(invocation.timed_out_until.timestamp())
                raise NotAllowed(
                    f"/{spec.name} is for moderators, and you are timed out in this server:"
                    " Discord suspends your permissions, and Epilogue the moderator role,"
                    f" until the timeout ends (<t:{ends}:R>)."
                )
            raise NotAllowed(
                f"/{spec.name} is for moderators: you need Manage Messages"
                " or the server's moderator role."
            )
    elif spec.access is Access.ADMIN:
        if not (invocation.is_owner or invocation.has_any(ADMIN_PERMISSIONS)):
            raise NotAllowed(f"/{spec.name} is for server admins: you need Manage Server.")
    elif spec.access is Access.MEMBER and not spec.own_settings:
        app.cooldowns.check(
            invocation.guild_id, invocation.user_id, spec.name, rules.cooldown_seconds
        )
