"""Option values as the core takes them: channels, uploads and autocomplete choices."""

from __future__ import annotations

import functools
import math
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import discord
from discord import Thread, app_commands
from discord.abc import GuildChannel

from bot.cache import LruCache
from bot.command_table import ChannelRef, Choice, OptionKind
from bot.errors import UserFacingError
from bot.features.film.commands import films_to_offer
from bot.features.film_admin.uploads import too_large
from bot.replies import Attachment
from bot.spoiler_policy.markup import escape_text, truncate_plain

if TYPE_CHECKING:
    from bot.catalog import FilmEntry
    from bot.epilogue import Epilogue
    from client.bot import EpilogueBot

MAX_CHOICES = 25
CHOICE_LIMIT = 100  # characters of an autocomplete choice's name and value

# Channels a spoiler rule can apply to: where people write (threads included), not categories.
RULE_CHANNEL_TYPES = [
    discord.ChannelType.text,
    discord.ChannelType.news,
    discord.ChannelType.forum,
    discord.ChannelType.media,
    discord.ChannelType.voice,
    discord.ChannelType.stage_voice,
    discord.ChannelType.news_thread,
    discord.ChannelType.public_thread,
    discord.ChannelType.private_thread,
]


class ChannelOption(app_commands.Transformer):
    """A channel option as the core's ``ChannelRef``; a thread keeps its parent's id."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return RULE_CHANNEL_TYPES

    async def transform(
        self,
        interaction: discord.Interaction[EpilogueBot],
        value: app_commands.AppCommandChannel | app_commands.AppCommandThread | discord.Object,
        /,
    ) -> ChannelRef:
        if isinstance(value, discord.Object):
            # Named by id alone (``data.resolved``, optional in Discord's reference, left it
            # out): the channel as the bot holds it, or as Discord describes it.
            described = await _channel_named(interaction, value.id)
            if described is None:
                raise app_commands.TransformerError(value, self.type, self)
            return described
        if not isinstance(value, app_commands.AppCommandChannel | app_commands.AppCommandThread):
            raise app_commands.TransformerError(value, self.type, self)
        # discord.py files every resolved channel under the asker's server; the guild cache knows
        # the real one, so a forged payload naming another server's channel is caught.
        known = interaction.client.get_channel(value.id)
        guild_id = known.guild.id if isinstance(known, GuildChannel | Thread) else value.guild_id
        parent_id = value.parent_id if isinstance(value, app_commands.AppCommandThread) else None
        return ChannelRef(value.id, guild_id, parent_id)


async def _channel_named(
    interaction: discord.Interaction[EpilogueBot], channel_id: int
) -> ChannelRef | None:
    """The rule channel ``channel_id`` of the interaction's server, from the cache or REST
    (None: not one, not there, or Discord will not say)."""
    client = interaction.client
    channel: object = client.get_channel(channel_id)
    if channel is None:
        try:
            channel = await client.fetch_channel(channel_id)
        except (discord.HTTPException, discord.InvalidData, KeyError, TypeError, ValueError):
            return None
    if not isinstance(channel, GuildChannel | Thread) or channel.type not in RULE_CHANNEL_TYPES:
        return None
    parent_id = channel.parent_id if isinstance(channel, Thread) else None
    return ChannelRef(channel.id, channel.guild.id, parent_id)


def unresolved(name: str, kind: OptionKind, object_id: int) -> int:
    """A role or user option named by id alone, as the core takes it (its id); a file so named
    cannot be read: Discord's ``resolved`` is where its address is."""
    if kind is OptionKind.ATTACHMENT:
        raise UserFacingError(
            f"{name}: Discord sent the file's id ({object_id}) without describing it, so "
            "Epilogue cannot read it. Attach the file again."
        )
    return object_id


def yes_or_no(name: str, value: object) -> bool:
    """A boolean option's value as a ``bool``.

    Discord sends JSON's ``true`` and ``false``, but its reference types an option's value as
    string, integer, double or boolean, and a Discord sending each as text (``"false"``, as
    autocomplete sends what was typed) had it read as true (a non-empty string): discord.py
    passes the text through. The core is given a bool, or a plain refusal."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    shown = escape_text(truncate_plain(str(value), 40))
    raise UserFacingError(f"{name}: must be true or false, not '{shown}'.")


def whole_number(name: str, value: object) -> int:
    """An integer option's value as an ``int``.

    Discord sends integer options as JSON integers, but a JSON reader may hand over ``2.0``
    (JSON has one number type) and an autocomplete's options arrive as typed text, and
    discord.py passes either through unchanged: the core is given an int, or a plain refusal."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        number = float(str(value).strip())
    except ValueError:
        number = math.nan
    if not number.is_integer():  # NaN and infinities too
        shown = escape_text(truncate_plain(str(value), 40))
        raise UserFacingError(f"{name}: must be a whole number, not '{shown}'.")
    return int(number)


async def download(attachment: discord.Attachment) -> Attachment:
    """Download an attached content file or article, refusing one over the content files'
    limit before a single byte is fetched."""
    if (error := too_large(attachment.filename, attachment.size)) is not None:
        raise error
    return await fetch(attachment)


async def fetch(attachment: discord.Attachment) -> Attachment:
    """Download an attached file whose weight the core has checked (``PendingFile``)."""
    return Attachment(attachment.filename, await attachment.read())


def choices_for(choices: list[Choice]) -> list[app_commands.Choice[str]]:
    """The core's choices within Discord's limits (25 choices, names of 1 to 100 characters,
    values of up to 100). Discord refuses the whole list (50035) for one choice outside them,
    and the member sees no choices at all: a choice whose name is blank, or whose value would
    have to be cut (it would name something else), is left out instead."""
    usable = [choice for choice in choices if _usable(choice)]
    return [_choice(choice.name, choice.value) for choice in usable[:MAX_CHOICES]]


def _usable(choice: Choice) -> bool:
    return bool(choice.name.strip()) and 0 < len(choice.value) <= CHOICE_LIMIT


@functools.lru_cache(maxsize=4096)
def _choice(name: str, value: str) -> app_commands.Choice[str]:
    """One choice, kept: members typing see the same films' choices again and again, and
    discord.py only reads a choice (``to_dict``) to send it."""
    return _KeptChoice(name=name.strip()[:CHOICE_LIMIT], value=value)


class _KeptChoice(app_commands.Choice[str]):
    """A choice whose payload is made once: discord.py builds it for each of up to 25 choices
    of every keystroke, only to encode it as JSON. No localised name (the payload would be
    built per locale, and changed), so nothing writes to it. Slotted: no instance dictionary
    beside the payload (three objects a film were four)."""

    __slots__ = ("_payload",)

    def __init__(self, *, name: str, value: str) -> None:
        super().__init__(name=name, value=value)
        self._payload: dict[str, Any] = super().to_dict()

    def to_dict(self) -> dict[str, Any]:
        return self._payload


async def film_autocomplete(
    interaction: discord.Interaction[EpilogueBot], current: str
) -> list[app_commands.Choice[str]]:
    """Films this server sees, by title and year: spoiler-free, and remakes stay apart.

    Every cog's ``film`` option autocompletes with this one function (a plain function, so
    discord.py calls it without a cog instance)."""
    return film_choices_for(interaction, current)


def film_choices_for(
    interaction: discord.Interaction[EpilogueBot], current: str
) -> list[app_commands.Choice[str]]:
    """``film_autocomplete``'s choices, kept (``KeptFilmChoices``)."""
    return interaction.client.film_choices.get(interaction, current)


KEPT_TYPINGS = 4096
"""Typed texts whose film choices are kept (each a list of at most 25 choices)."""
KEPT_FILMS = 4096
"""Films whose choice is kept, oldest dropped first (about 750 bytes each, its strings included:
``docs/performance.md``, ``perfac10``): the films members' typing shows again and again."""


class KeptFilmChoices:
    """The film option's choices as discord.py sends them, kept per server and typed text, and
    each film's choice kept once, until the films change (the catalog's ``generation``):
    members type the same few titles letter by letter, and building a keystroke's 25 choices
    twice (the core's, then discord.py's) cost more than finding them in the catalog's
    remembered searches. A text typed for the first time makes only the choices of films not
    shown lately, from the films (``films_to_offer``), and keeps them for ``KEPT_FILMS`` films
    at most: the core's choice kept on each film offered (``FilmEntry.choice``) grew with the
    catalog, and so did the memory of a film's choice kept by its name and value."""

    def __init__(self, app: Epilogue) -> None:
        self._app = app
        self._generation: int | None = None  # none kept yet: read at the first keystroke
        self._kept: LruCache[tuple[int | None, str], list[app_commands.Choice[str]]] = LruCache(
            KEPT_TYPINGS
        )
        # Film id (within one generation) -> its choice, oldest first.
        self._films: OrderedDict[int, app_commands.Choice[str]] = OrderedDict()

    def get(
        self, interaction: discord.Interaction[EpilogueBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """The choices for ``current`` typed where ``interaction`` came from (shared:
        discord.py only reads them). Only the server matters: who asks is never read."""
        return self.for_server(interaction.guild_id, current)

    def for_server(self, guild_id: int | None, current: str) -> list[app_commands.Choice[str]]:
        """``get``'s choices for ``current`` typed in server ``guild_id`` (None: a DM), for a
        keystroke read from its payload alone (``client.film_keystrokes``)."""
        if (generation := self._app.catalog.generation) != self._generation:
            self._kept.clear()
            self._films.clear()
            self._generation = generation
        key = (guild_id, current)
        if (choices := self._kept.get(key)) is None:
            films = self._films
            choices = []
            for entry in films_to_offer(self._app, guild_id, current):
                if (choice := films.get(entry.id)) is None:
                    if (choice := _film_choice(entry)) is None:
                        continue
                    if len(films) >= KEPT_FILMS:
                        films.popitem(last=False)
                    films[entry.id] = choice
                choices.append(choice)
                if len(choices) == MAX_CHOICES:
                    break
            self._kept.put(key, choices)
        return choices


def _film_choice(entry: FilmEntry) -> app_commands.Choice[str] | None:
    """``entry``'s choice as ``choices_for`` makes it from the core's (``FilmEntry.as_choice``:
    the label cut to 100 characters, then stripped; None where it would leave it out), made
    from its texts alone (``FilmEntry.choice_texts``): neither the core's ``Choice`` nor the
    label, key and value are made to be kept on the film, as this keeps its own choice."""
    label, value = entry.choice_texts()
    name = label.strip()[:CHOICE_LIMIT]
    return _KeptChoice(name=name, value=value) if name and 0 < len(value) <= CHOICE_LIMIT else None
