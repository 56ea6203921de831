"""The automatic spoiler guard: hides members' messages that give away a film's ending.

Off by default. A server turns it on (``/spoiler-rules guard``) and may turn it off or on again
per channel (``/spoiler-rules guard-channel``). It looks at each new or edited message in a
standard or no-spoilers channel that names a film (``FilmMentions``); for an embargoed film, or
any film if the server chose ``all_films``, it compares the message with the film's ending
vocabulary (``bot.features.spoiler.vocabulary``). A match is hidden like "Hide as spoiler" does
it, and the author is told privately. The message is read in English: the outcome and ending
words of Spanish, Portuguese, French, German, Italian and Hinglish are read as the English they
say first (``bot.features.spoiler.other_languages``).

A thread's name (a forum post's title) cannot be hidden: one that matches the same way is
renamed to a neutral name and its creator told privately (``check_title``).

It ignores spoiler channels, text already behind bars, bots and webhooks (its own reposts among
them, so it never loops), and members who opted out (``/spoiler guard-me``). It hides at most
``HIDES_PER_MINUTE`` messages per server, so a burst never turns into a burst of webhook calls
against Discord's rate limits: past that, a hide waits its turn (at most ``WAITING_HIDES`` of
them per server; past those, messages are left alone and logged).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit
from bot.cache import LoadingCache
from bot.catalog import FilmEntry
from bot.claims import revision_of
from bot.db.hooks import after_commit
from bot.db.models import GuardedChannel, GuardOptOut, HiddenMessage
from bot.errors import UserFacingError
from bot.features.spoiler import ending_model
from bot.features.spoiler.follow_ups import FollowUps
from bot.features.spoiler.joined_words import parted, turned_right_way_up, unstretched
from bot.features.spoiler.leetspeak import undisguised
from bot.features.spoiler.member_message import NEEDED_PERMISSIONS, ChannelOps, MemberMessage
from bot.features.spoiler.members import GUARD_USER_ID
from bot.features.spoiler.other_languages import in_english
from bot.features.spoiler.repost_text import SPOILER_PREFIX, hidden_text
from bot.features.spoiler.scrambled import unscrambled
from bot.features.spoiler.surfaces import (
    EVENT_LIMITS,
    EVENT_NEUTRAL,
    NEUTRAL_NICK,
    NEUTRAL_THREAD_NAME,
    THREAD_NAME_LIMIT,
    ChannelStatus,
    EventOps,
    MemberName,
    NameOps,
    ServerEvent,
    StatusOps,
    ThreadOps,
    ThreadTitle,
)
from bot.features.spoiler.unread_scripts import mostly_unread
from bot.features.spoiler.vocabularies import Vocabularies
from bot.features.spoiler.vocabulary import EndingVocabulary
from bot.invocation import Invocation
from bot.labels import bold_film_label, logged_label
from bot.lookalikes import LOOKALIKES, SMALL_CAPITALS
from bot.minute_budget import MinuteBudget
from bot.places import channel_mention
from bot.replies import Reply
from bot.spoiler_policy.markup import (
    DRAWN_AS_NOTHING,
    URL_PATTERN,
    outside_spoilers,
    truncate_plain,
)
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.stored_rules import GuildRules, guild_settings

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

MAX_AGE_S = 60.0
LEARNED = "told as an ending (learned reading)"
UNREAD = "written in a script the guard cannot read (unread_scripts)"
"""The term a hide by the learned reading (``ending_model``) gives, in place of vocabulary's."""
HIDES_PER_MINUTE = 20
REREAD_GAP_S = 10.0
"""Seconds between two passes over the messages kept as naming no film, read again because the
films changed (``SpoilerGuard._read_unnamed_again``): changes meanwhile make one more pass."""
RATE_LIMITED = "rate limit: too many hides this minute"
DONE_ELSEWHERE = "dealt with by another Epilogue process"
WAITING_HIDES = 200
"""Hides past ``HIDES_PER_MINUTE`` waiting their turn in one server (ten minutes' worth): a
spoiler posted past the pace is hidden late, never left in the open, yet a flood cannot make
the bot keep waiting hides without end."""


@dataclass(frozen=True)
class GuardSettings:
    enabled: bool = False
    all_films: bool = False
    channels: dict[int, bool] = field(default_factory=dict)
    opted_out: frozenset[int] = frozenset()

    def guards(self, channel_id: int, parent_id: int | None) -> bool:
        for candidate in (channel_id, parent_id):
            if candidate is not None and candidate in self.channels:
                return self.enabled and self.channels[candidate]
        return self.enabled


SPOILER_CHANNEL = "spoiler channel"
"""A verdict's reason: the channel's rule opens endings to its readers, who asked for them."""


def _spoiler_channel(looked: object) -> bool:
    return isinstance(looked, Verdict) and looked.reason == SPOILER_CHANNEL


def _may_be_published(message: MemberMessage) -> bool:
    """Whether ``message``'s channel may be an announcement channel the cache holds as a
    text channel: a channel of its own (a thread's messages are not published) not held as
    one. A text channel becomes one and back at a moderator's word."""
    return message.parent_channel_id is None and not message.publishable


@dataclass(frozen=True)
class Verdict:
    """What the guard did with one message, and why (the console prints it)."""

    hidden: bool
    reason: str
    film: FilmEntry | None = None
    terms: tuple[str, ...] = ()
    reply: Reply | None = None
    # Whatever the rules, settings or Discord's state become, the guard would do nothing more
    # with this same text (it names no film, is a bot's): an adapter may skip it when it comes
    # again. Any other verdict may be outdated by then (a replayed old edit read while Discord
    # shows a newer one, an embargo set since) and the text is read again.
    final: bool = False


@dataclass(frozen=True)
class Change:
    """A change the guard makes to what the whole server reads (a thread's title, a voice
    status, an event, a member's name), as its checks and the moderators' log name it."""

    guild_id: int
    what: str  # for the operator's log, by ids only ("thread 42's title")
    permission: str  # the one Discord asks of it ("manage_threads")
    log_kind: str  # the moderators' log entry's kind ("spoiler-title")
    shown: str  # for the moderators' log, never in words that draw the text ("the title of …")
    verb: str  # what the guard does to it ("rename")
    done: str  # and as done ("renamed")
    by_hand: str  # what the moderators do instead ("rename it by hand")
    why_not: str = ""  # why Discord may refuse though the permission is held
    tells: str = ""  # the log's clause for what gives it away, when not "<shown> gives …"

    def noted(self, about: str, problem: str) -> str:
        """The moderators' log line for a change not made: what, why, and what to do."""
        tells = self.tells or f"{self.shown} gives an ending away"
        return f"{tells}; {problem}: {self.by_hand} ({about})"


def logged_verdict(verdict: Verdict) -> str:
    """A hide as the operator's log tells it: the film (its title is public) and how many
    ending terms were found, never the terms. They are the ending's own words ("mia marri,
    jazz club"), and whoever reads the log asked for no spoiler (the console's ``say`` hides
    them behind bars)."""
    film = verdict.film.label if verdict.film is not None else "a film"
    count = len(verdict.terms)
    return f"ending detail of {film}: {count} term{'s' * (count != 1)}"


def unwrapped(text: str) -> str:
    """The part of a message readers see without clicking: text outside the spoilers Discord
    reads in it (bars that are escaped, in code or swallowed by a link hide nothing)."""
    return outside_spoilers(text)


_NAME_SEPARATORS = re.compile(r"[_.\-+~]+")
_COMMAND_MENTION = re.compile(r"</([^:<>]+):\d+>")
"""A slash command's mention, drawn as its name ("</film ending:123>" as "/film ending")."""


def shown_text(message: MemberMessage) -> str:
    """Everything readers see of ``message`` without clicking: its text outside spoilers, its
    poll's question and answers and its stickers' names, then its files' names as words
    (Discord shows a file's name in plain text, spoiler or not: ``SPOILER_`` blurs only the
    file, and "mia-marries-greg.png" states an ending), spelt as readers read it
    (``as_read``)."""
    # Whole: Discord shows what follows a name's last dot too, and it need be no file kind
    # ("ending.mia marries greg"); a kind's word ("png") tells no ending.
    names = [
        _NAME_SEPARATORS.sub(" ", name.removeprefix(SPOILER_PREFIX))
        for file in message.files
        for name in file.shown_names
    ]
    # Each part Discord draws on its own is read on its own: bars pair only within one.
    shown = "\n".join(map(unwrapped, message.parts or (message.content,)))
    # A mention is drawn as a name ("#la-la-land", "@La La Land fans", "/film ending").
    for written, drawn_as in message.mention_names:
        shown = shown.replace(written, drawn_as)
    shown = _COMMAND_MENTION.sub(r"/\1", shown)
    # A poll's question and answers, a sticker's name, and a component's label, link, menu
    # text, alt text or file name are drawn without markdown: bars in them hide nothing, so
    # all of it is read.
    drawn = [message.poll.words] if message.poll is not None else []
    drawn += [sticker.name for sticker in message.stickers]
    drawn += message.plain
    # A file's alt text, on its ALT badge and read aloud by screen readers, likewise; and a
    # text file's preview, drawn inline as plain text.
    drawn += [file.description for file in message.files if file.description]
    drawn += [file.preview for file in message.files if file.preview]
    read = as_read("\n".join([shown, *names, *drawn, *_previews_shown(message, shown)]))
    if _STYLED_IN_WORD.search(read):
        # "m**a**rries" is "marries" in bold; read both ways ("mia_marries" is two words).
        read += "\n" + _STYLED_IN_WORD.sub("", read)
    return read


def _contexts(message: MemberMessage) -> list[Callable[[], str]]:
    """What tells a message's readers which film it is about besides its own words, each
    read as readers read it when asked: the names of its thread or channel, its parent, its
    forum post's tags, a forward's origin, and the message it replies to."""
    places = [
        message.where_name,
        message.parent_name,
        *message.tag_names,
        *message.origin_names,
        *message.recent_names,
    ]
    found: list[Callable[[], str]] = [partial(as_read, place) for place in places if place]
    if (replied := message.replied) is not None:
        found.append(partial(shown_text, replied))
    return found


def _previews_shown(message: MemberMessage, shown: str) -> list[str]:
    """The text of the link previews readers see: a page's title or description states an
    ending as well as any message ("Why Mia marries Greg"). A preview of a link the member
    hid behind bars is not counted (it is the one link, and no link is left in the open)."""
    previews = message.previews
    if URL_PATTERN.search(shown) is None and URL_PATTERN.search(message.content) is not None:
        # An embed of the message's own (a feed's) is no link's preview: it is still read.
        previews = tuple(preview for preview in previews if preview.own)
    # An embed's description and field values hide ||spoilers|| as message text does, each
    # on its own; its title, author, site, field names and footer hide nothing.
    return [
        text
        for preview in previews
        for text in (*map(unwrapped, (preview.text, *preview.fields)), preview.plain)
    ]


# Markdown's styling marks (bold, italics, underline, strike-through, code) between two
# letters of a word: drawn as styling, not as characters.
_STYLED_IN_WORD = re.compile(r"(?<=[^\W_])[*_~`]+(?=[^\W_])")


# A right-to-left override (U+202E) draws what follows it backwards, up to its end (U+202C),
# an isolate's end or the line's: "\u202edne eht" reads "the end".
_OVERRIDDEN = re.compile("\u202e([^\u202c\u2069\n]*)")
# Combining marks no letter composes with (NFKC composes the rest: "é" stays): a line struck,
# slashed or underlined through each letter, or zalgo's stacks, which readers read through.
_MARKS_OVER = (range(0x0300, 0x0370), range(0x1AB0, 0x1B00), range(0x1DC0, 0x1E00))
_MARKS_OVER += (range(0x20D0, 0x2100), range(0xFE20, 0xFE30))
_AS_LETTERS: dict[int, int | str | None] = {
    **LOOKALIKES,
    **str.maketrans(SMALL_CAPITALS),
    **{code: None for block in _MARKS_OVER for code in block},
}
"""One pass over NFKC's text: look-alike letters and small capitals as Latin ones, marks drawn
over letters gone."""
# A regional indicator ("🇲") is drawn as its letter, but two side by side as a flag ("🇺🇸").
_INDICATORS = re.compile("[\U0001f1e6-\U0001f1ff]")
_INDICATOR = re.compile(
    "(?<![\U0001f1e6-\U0001f1ff])[\U0001f1e6-\U0001f1ff](?![\U0001f1e6-\U0001f1ff])"
)
# Letters spaced out, read as the word they spell: a run of them set apart by wider gaps
# ("m i a   m a r r i e s", the gaps parting words), or three letters or more anywhere
# ("l a l a l a n d: ...").
_SPACED_LETTERS = re.compile(
    r"(?:(?<![^\n])|(?<=\s\s))(?:\S ){1,}\S(?=\s\s)"
    r"|(?<=\s\s)(?:\S ){1,}\S(?=\n|$)"
    r"|(?<!\S)(?:(?:[^\W\d_]|['’]) ){2,}[^\W\d_](?=[^\w\s]*(?!\S))"
)
# What every such run holds, found far quicker: most messages have none.
_MAY_BE_SPACED = re.compile(r" \w \w[ \n]")


def as_read(text: str) -> str:
    """``text`` as readers read it: overridden runs the right way round, invisible characters
    gone, styled and full-width letters plain (NFKC), look-alike letters and small capitals
    Latin, regional indicators apart as their letters, marks drawn through letters gone, words
    in leetspeak or dotted apart as the words they spell (``leetspeak``), letters spaced
    out joined, clauses written backwards or in ROT13 decoded (``scrambled``), and text turned
    upside down, words run together (hashtags, camelCase) and letters stretched read as their
    words (``joined_words``)."""
    if "\u202e" in text:
        text = _OVERRIDDEN.sub(lambda run: run[1][::-1], text)
    text = turned_right_way_up(text)
    if not text.isascii() and _INDICATORS.search(text):
        # Before what is drawn as nothing goes: it keeps two indicators apart, as letters.
        text = _INDICATOR.sub(lambda letter: chr(ord(letter[0]) - 0x1F1E6 + ord("a")), text)
    text = DRAWN_AS_NOTHING.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_AS_LETTERS)
    text = undisguised(unstretched(parted(text)))
    if _MAY_BE_SPACED.search(f" {text} "):
        text = _SPACED_LETTERS.sub(lambda run: run[0].replace(" ", ""), text)
    return unscrambled(text)


CACHED_GUILDS = 5_000
"""Servers whose guard settings are kept in memory."""


T = TypeVar("T")


async def still_shown(read_now: Callable[[], Awaitable[T | None]], shown: T, what: str) -> bool:
    """Whether Discord still shows ``shown`` where the guard read it (a thread's name, a voice
    status, an event, a member's name): a replayed event, or a server described again, may carry
    a text changed since, and only the one shown now is changed. True when Discord cannot say:
    changing it twice is better than leaving it up."""
    try:
        now = await read_now()
    except Exception:
        log.warning("could not read %s now; changing it all the same", what, exc_info=True)
        return True
    return now is None or now == shown


class SpoilerGuard:
    def __init__(self, app: Epilogue, clock: Callable[[], float] = time.monotonic) -> None:
        self._app = app
        self._clock = clock
        self.vocabularies = Vocabularies()
        # A loading cache: a read that began before a change committed (the guard turned on
        # while a message was being looked at) does not keep the old settings for a minute.
        self._settings: LoadingCache[int, GuardSettings] = LoadingCache(
            self._load_settings, CACHED_GUILDS, max_age=MAX_AGE_S, clock=clock
        )
        # Read through the guard, so that a clock given to it later reaches the pace too.
        self._pace = MinuteBudget(
            per_guild=HIDES_PER_MINUTE, overall=None, servers=CACHED_GUILDS, clock=self._now
        )
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.follow_ups = FollowUps(self._now)
        # The films changed (one added, renamed, an alias given): the messages read as naming
        # none are read again (``_read_unnamed_again``), one run at a time.
        self._rereading: asyncio.Task[None] | None = None
        self._films_moved = False
        refreshes = getattr(getattr(app, "catalog", None), "on_refresh", None)
        if isinstance(refreshes, list):
            refreshes.append(self._films_changed)

    # -- settings ------------------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuardSettings:
        return await self._settings.get(guild_id)

    async def _load_settings(self, guild_id: int) -> GuardSettings:
        async with self._app.sessions() as session:
            server = await guild_settings(session, guild_id)
            channels = await session.execute(
                select(GuardedChannel.channel_id, GuardedChannel.guarded).where(
                    GuardedChannel.guild_id == guild_id
                )
            )
            opted = await session.scalars(
                select(GuardOptOut.user_id).where(GuardOptOut.guild_id == guild_id)
            )
            return GuardSettings(
                enabled=bool(server.guard_enabled),
                all_films=bool(server.guard_all_films),
                channels={channel: guarded for channel, guarded in channels},
                opted_out=frozenset(opted),
            )

    def changed(self, session: AsyncSession, guild_id: int) -> None:
        """The server's guard settings change in ``session``: forget them once it commits, here
        and (announced with the server's rules) in every other process."""
        after_commit(session, lambda: self._settings.forget(guild_id))
        self._app.standings.guild_changed(session, guild_id)

    def trust_while(self, hearing: Callable[[], bool]) -> None:
        """Keep settings in memory only while ``hearing()`` (``StandingCache.trust_while``)."""
        self._settings.trusted = hearing

    def forget(self, guild_id: int | None = None) -> None:
        """Another process changed a server's settings (None: any server's): reload on use."""
        if guild_id is None:
            self._settings.clear()
        else:
            self._settings.forget(guild_id)

    # -- checking ------------------------------------------------------------------------------

    async def check(
        self,
        message: MemberMessage,
        ops: ChannelOps,
        bot_permissions: frozenset[str],
        invocation: Invocation | None = None,
    ) -> Verdict:
        """Look at one new or edited message; hide it if it gives away an ending. Then, if it
        names a film, its author's messages just before it there that named none are read
        again as about that film: readers see them together (``follow_ups``)."""
        try:
            verdict = await self._check(message, ops, bot_permissions, invocation)
            if verdict.hidden:
                self.follow_ups.read_as(message, "")  # no longer shown above the next one
        finally:
            # However it ended: its author's next message there waits for it no longer.
            self.follow_ups.settled(message)
        for read_again, films in self.follow_ups.told_before(message):
            try:
                await read_again(films)
            except Exception:
                log.exception("guild %s: reading an earlier message again failed", message.guild_id)
        return verdict

    async def place_named(self, guild_id: int, place_id: int, names: Sequence[str]) -> None:
        """The thread or channel ``place_id`` now shows ``names`` (renamed, a forum post
        tagged): the messages there (or in its threads) read as naming no film are read again
        as about the film the first of them names, which every reader there now sees over
        them ("movie night" renamed "la la land" under "mia marries someone else")."""
        if not self.follow_ups.waiting_in(place_id):
            return
        mentions = self._app.member_spoilers.mentions
        films: Sequence[FilmEntry] = []
        for name in names:
            if name and (films := mentions.named(guild_id, as_read(name))):
                break
        for read_again, about in self.follow_ups.in_place(place_id, films) if films else ():
            try:
                await read_again(about)
            except Exception:
                log.exception("guild %s: reading a message again failed", guild_id)

    async def close(self) -> None:
        """Stop reading kept messages again (``_read_unnamed_again``): the app is closing."""
        if (task := self._rereading) is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _films_changed(self) -> None:
        """The catalog shows other films now: a message the guard read as naming none may name
        one (a film added after an ending of it was posted, a title or alias it was told by
        given later), and sat in the open, read again only should it come again (an edit, a
        replay), which an ending on screen never does (red70)."""
        self._films_moved = True
        if self._rereading is None or self._rereading.done():
            self._rereading = asyncio.get_running_loop().create_task(self._read_unnamed_again())

    async def _read_unnamed_again(self) -> None:
        """Each message kept as naming no film (``FollowUps.kept_unnamed``, the latest
        ``UNNAMED_KEPT``) that names one now, by its words or where readers see it, read again
        as about it; again from the start while the films moved meanwhile."""
        mentions = self._app.member_spoilers.mentions
        first = True
        while self._films_moved:
            if not first:
                # Films changing again and again (imports in a row): a pass costs about 0.8 ms
                # a kept message at 10,000 films, so passes are spaced, never back to back.
                await asyncio.sleep(REREAD_GAP_S)
            first, self._films_moved = False, False
            for arrival in self.follow_ups.kept_unnamed():
                await asyncio.sleep(0)  # one message a callback: thousands may be kept
                if (message := arrival.message) is None:
                    continue
                text = shown_text(message)
                films = mentions.named(message.guild_id, text) if text.strip() else []
                if not films and text.strip():
                    films, _ = mentions.by_director(message.guild_id, text)
                films = films or self._named_around(message)
                for read_again, about in self.follow_ups.naming(arrival, films) if films else ():
                    try:
                        await read_again(about)
                    except Exception:
                        log.exception("guild %s: reading a message again failed", message.guild_id)

    def _named_around(self, message: MemberMessage) -> Sequence[FilmEntry]:
        """The films the first of ``message``'s contexts that names any names (its place's
        names, its forum tags, a forward's origin, the message it replies to: ``_contexts``),
        each read only while none is found."""
        mentions = self._app.member_spoilers.mentions
        for context in _contexts(message):
            if (read := context()) and (films := mentions.named(message.guild_id, read)):
                return films
        return []

    async def _read_again_as_about(
        self,
        message: MemberMessage,
        ops: ChannelOps,
        bot_permissions: frozenset[str],
        invocation: Invocation | None,
        films: Sequence[FilmEntry],
    ) -> Verdict:
        """``message``, which named no film, read as about ``films``, which its author named
        right after it: hidden if it gives one's ending away (as it was read: one edited or
        deleted since is left to what became of it, ``hide_for_guard``)."""
        looked = await self._where_posted(message)
        if isinstance(looked, Verdict):
            return looked
        settings, rules = looked
        invocation = invocation or self._invocation(message)
        found = await self._ending_in(shown_text(message), films, settings, rules, invocation)
        if found is None:
            return Verdict(False, "no ending detail of a guarded film", film=films[0])
        return await self._hide(message, ops, bot_permissions, invocation, *found)

    async def _check(
        self,
        message: MemberMessage,
        ops: ChannelOps,
        bot_permissions: frozenset[str],
        invocation: Invocation | None,
    ) -> Verdict:
        if message.own_repost:
            return Verdict(False, "Epilogue's own repost", final=True)
        # A message through another webhook is read like a member's: a proxy bot (PluralKit,
        # Tupperbox) posts its members' messages so, and a feed its headlines. So is another
        # app's bot user posting as itself (a bridge relaying another chat, a "say" command):
        # its words are as public. Epilogue's own are never shown to the guard (client/).
        # A forum post's opening message (the post's own id) is shown in the forum's list of
        # posts too, under its title: read where the forum shows it, as the title is.
        looked = await self._where_posted(message)
        if isinstance(looked, Verdict):
            return looked
        settings, rules = looked
        text = shown_text(message)
        self.follow_ups.read_as(message, text)
        mentions = self._app.member_spoilers.mentions
        # The name Discord draws over the message (a nickname any member may set, a webhook's
        # chosen name), in plain text no bar hides: read on its own, with the films the
        # message is about and those it names itself.
        name = as_read(message.author_name)
        if not text.strip():
            # Its words all behind bars: its name alone, about the films it or its place names.
            about = mentions.named(message.guild_id, name) if name.strip() else []
            about = about or self._named_around(message)
            invocation = invocation or self._invocation(message)
            found = await self._ending_in(name, about, settings, rules, invocation)
            if found is None:
                return Verdict(False, "nothing outside spoiler bars", final=True)
            return await self._hide(message, ops, bot_permissions, invocation, *found)
        films = mentions.named(message.guild_id, text)
        if not films:
            # Named by its director ("chazelle's musical"): read as if by its title.
            films, text = mentions.by_director(message.guild_id, text)
        self.follow_ups.named(message, films)
        # In a thread or channel named after a film (or a thread of one: a forum's post, or a
        # post tagged with one), or in reply to a message naming one, a message need not name
        # it: its readers see which film it is about. Each read only while none is named.
        films = films or self._named_around(message)
        # Nor need a message its author sends right after one naming a film: readers see it
        # under that one ("just watched dead air" then "owen was the night owl all along"),
        # once the one before it was read, however long that takes (``follow_ups``).
        films = films or list(await self.follow_ups.films(message))
        # Nor an edit of a message its author named a film right after: readers see it above
        # that one (the title typed after the ending, the ending edited in after the title).
        films = films or list(self.follow_ups.films_after(message))
        named_by_name = mentions.named(message.guild_id, name) if name.strip() else []
        if not films and not named_by_name:
            invocation = invocation or self._invocation(message)
            found = await self._told_with_earlier(message, text, films, settings, rules, invocation)
            if found is not None:
                return await self._hide(message, ops, bot_permissions, invocation, *found)
            # Its author may name the film right after it: read again then.
            self.follow_ups.unnamed(
                message,
                partial(self._read_again_as_about, message, ops, bot_permissions, invocation),
            )
            return Verdict(False, "names no film", final=True)
        invocation = invocation or self._invocation(message)
        found = await self._ending_in(text, films, settings, rules, invocation) if films else None
        if found is None and name.strip():
            # Not the message's words: its author's name, read as a thread's title is.
            about = [*films, *(film for film in named_by_name if film not in films)]
            found = await self._ending_in(name, about, settings, rules, invocation)
        if found is None:
            found = await self._told_with_earlier(message, text, films, settings, rules, invocation)
        if found is None:
            return Verdict(
                False, "no ending detail of a guarded film", film=[*films, *named_by_name][0]
            )
        return await self._hide(message, ops, bot_permissions, invocation, *found)

    async def _told_with_earlier(
        self,
        message: MemberMessage,
        text: str,
        films: Sequence[FilmEntry],
        settings: GuardSettings,
        rules: GuildRules,
        invocation: Invocation,
    ) -> tuple[FilmEntry, tuple[str, ...]] | None:
        """The ending ``message`` completes, read under its author's messages just before it
        there, as readers see them ("you know who mia marries" then "in la la land? not seb
        lol"; a title cut in two, "la la" then "land: mia marries…"): about ``films``, else
        those the messages together name. None if none, or if the earlier ones tell it alone
        (theirs to hide: ``follow_ups.unnamed``)."""
        earlier = [shown for shown in await self.follow_ups.shown_before(message) if shown.strip()]
        if not earlier:
            return None
        before = "\n".join(earlier)
        joined = f"{before}\n{text}"
        about = list(films)
        if not about:
            about = self._app.member_spoilers.mentions.named(message.guild_id, joined)
            if not about:
                return None
            # Named across them ("…in la la" then "land? not seb"): what follows is about it,
            # and so are the earlier ones (read again, ``check``).
            self.follow_ups.named(message, about)
        found = await self._ending_in(joined, about, settings, rules, invocation)
        if found is None or await self._ending_in(before, about, settings, rules, invocation):
            return None
        return found

    @staticmethod
    def _invocation(message: MemberMessage) -> Invocation:
        return Invocation(
            user_id=message.author_id,
            guild_id=message.guild_id,
            channel_id=message.channel_id,
            parent_channel_id=message.parent_channel_id,
        )

    async def check_title(
        self, thread: ThreadTitle, ops: ThreadOps, bot_permissions: frozenset[str]
    ) -> Verdict:
        """Look at a new or renamed thread's name as the message guard looks at a message (the
        same films, settings and vocabulary); rename one that gives an ending away to a
        neutral name, and tell its creator privately what it was (behind bars). Without
        Manage Threads it cannot: the moderators' log says so, naming the thread, not the
        title."""
        # A thread's title is shown in its parent too (the channel list, the parent's "started
        # a thread" line, its thread list): a spoiler thread in a standard channel is read.
        looked = await self._where(
            thread.guild_id,
            thread.id,
            thread.parent_channel_id,
            thread.owner_id,
            shown_in_parent=True,
        )
        if isinstance(looked, Verdict):
            return looked
        settings, rules = looked
        # A name draws no markdown: bars in it hide nothing, so all of it is read.
        films, text = self._films_named(
            thread.guild_id,
            thread.name,
            (thread.parent_name, *thread.tag_names, *thread.recent_names),
        )
        if not films:
            return Verdict(False, "names no film", final=True)
        invocation = Invocation(
            user_id=thread.owner_id,
            guild_id=thread.guild_id,
            channel_id=thread.id,
            parent_channel_id=thread.parent_channel_id,
        )
        if (found := await self._ending_in(text, films, settings, rules, invocation)) is None:
            return Verdict(False, "no ending detail of a guarded film", film=films[0])
        return await self._once(
            "title",
            thread.id,
            revision_of(thread.name),
            lambda: self._rename(thread, ops, bot_permissions, invocation, *found),
            found,
            # The same title again is a replay, or its creator putting it back: Discord says.
            still_needed=lambda: still_shown(ops.name_now, thread.name, "a thread's name"),
        )

    async def check_status(
        self, status: ChannelStatus, ops: StatusOps, bot_permissions: frozenset[str]
    ) -> Verdict:
        """Look at a voice channel's status as the title guard looks at a thread's name;
        clear one that gives an ending away. It is shown in the channel list of every channel,
        so a spoiler channel's is read too (only ``guard-channel`` turns it off there); without
        Manage Channels it cannot be cleared (Epilogue is not in the call): the moderators' log
        names the channel, never the status."""
        settings = await self.settings(status.guild_id)
        if not settings.enabled:
            return Verdict(
                False, "the guard is off in this server (/spoiler-rules guard turns it on)"
            )
        if not settings.guards(status.channel_id, None):
            return Verdict(False, "the guard is off in this channel (/spoiler-rules guard-channel)")
        if not as_read(status.text).strip():
            return Verdict(False, "no status", final=True)
        films, text = self._films_named(
            status.guild_id, status.text, (status.channel_name, *status.recent_names)
        )
        if not films:
            return Verdict(False, "names no film", final=True)
        rules = await self._app.standings.rules(status.guild_id)
        invocation = Invocation(
            user_id=GUARD_USER_ID, guild_id=status.guild_id, channel_id=status.channel_id
        )
        if (found := await self._ending_in(text, films, settings, rules, invocation)) is None:
            return Verdict(False, "no ending detail of a guarded film", film=films[0])
        return await self._once(
            "status",
            status.channel_id,
            revision_of(status.text),
            lambda: self._clear_status(status, ops, bot_permissions, invocation, *found),
            found,
            # The same status again is a replay, or a member setting it again: Discord says.
            still_needed=lambda: still_shown(
                ops.status_now, status.text, "a voice channel's status"
            ),
        )

    async def check_event(
        self, event: ServerEvent, ops: EventOps, bot_permissions: frozenset[str]
    ) -> Verdict:
        """Look at a new or changed scheduled event as the title guard looks at a thread's
        name; rewrite each part of one that gives an ending away to a neutral text, and tell
        its creator privately what it said (behind bars). The events list is the whole
        server's, so a spoiler channel's event is read too. Without Manage Events the
        moderators' log says so, naming the event by id, never by its name."""
        settings = await self.settings(event.guild_id)
        if not settings.enabled:
            return Verdict(
                False, "the guard is off in this server (/spoiler-rules guard turns it on)"
            )
        if event.channel_id is not None and not settings.guards(event.channel_id, None):
            return Verdict(False, "the guard is off in this channel (/spoiler-rules guard-channel)")
        if event.creator_id in settings.opted_out:
            return Verdict(False, "the author opted out of the guard")
        parts = {field: as_read(text) for field, text in event.texts.items() if text.strip()}
        shown = "\n".join(text for text in event.texts.values() if text.strip())
        films, whole = self._films_named(event.guild_id, shown, (event.channel_name,))
        if not films:
            return Verdict(False, "names no film", final=True)
        rules = await self._app.standings.rules(event.guild_id)
        invocation = Invocation(
            user_id=event.creator_id or GUARD_USER_ID,
            guild_id=event.guild_id,
            channel_id=event.channel_id or 0,
        )
        if (found := await self._ending_in(whole, films, settings, rules, invocation)) is None:
            return Verdict(False, "no ending detail of a guarded film", film=films[0])
        # Each part that tells it alone is rewritten; when only the parts together do, all.
        told = [
            field
            for field, text in parts.items()
            if await self._ending_in(text, films, settings, rules, invocation) is not None
        ] or list(parts)
        return await self._once(
            "event",
            event.id,
            revision_of(tuple(event.texts.values())),
            lambda: self._rewrite_event(event, told, ops, bot_permissions, invocation, *found),
            found,
            still_needed=lambda: still_shown(ops.texts_now, event.texts, "a scheduled event"),
        )

    async def _rewrite_event(
        self,
        event: ServerEvent,
        told: list[str],
        ops: EventOps,
        bot_permissions: frozenset[str],
        invocation: Invocation,
        film: FilmEntry,
        terms: tuple[str, ...],
    ) -> Verdict:
        where = f"scheduled event {event.id}" + (
            f" by <@{event.creator_id}>" if event.creator_id is not None else ""
        )
        fields = " and ".join(told)
        neutral = {
            field: truncate_plain(
                EVENT_NEUTRAL[field].format(title=film.title), EVENT_LIMITS[field]
            )
            for field in told
        }
        change = Change(
            event.guild_id,
            f"scheduled event {event.id}",
            "manage_events",
            "spoiler-event",
            shown=f"the {fields} of {where}",
            verb="rewrite",
            done="rewritten",
            by_hand="edit or delete it by hand",
            tells=f"{where} gives an ending away",
        )
        if refused := await self._change(
            change, partial(ops.rewrite, neutral), bot_permissions, invocation, (film, terms)
        ):
            return refused
        was = "\n".join(f"{field}: {hidden_text(event.texts[field])}" for field in told)
        note = Reply.text(
            f"The {fields} of your event in the server gave away the ending of"
            f" {bold_film_label(film)}, and an event's text cannot be hidden behind spoiler"
            f" bars, so the server's spoiler guard rewrote it. It said:\n{was}"
        )
        if event.creator_id is not None and not event.creator_is_bot:
            await ops.tell(event.creator_id, note)
        return Verdict(True, "ending detail in a scheduled event", film, terms, note)

    async def check_name(
        self, member: MemberName, ops: NameOps, bot_permissions: frozenset[str]
    ) -> Verdict:
        """Look at a member's name as shown in the server (the member list shows it with no
        message to hide it under) as the title guard looks at a thread's name, about the films
        it names itself; a nickname that gives an ending away is removed, and a display name
        that does is covered by a neutral nickname (``NEUTRAL_NICK``); the member is told
        privately what it was, behind bars. Without Manage Nicknames (or above Epilogue's
        role) the moderators' log names the member by id: Discord draws a mention as the name."""
        settings = await self.settings(member.guild_id)
        if not settings.enabled:
            return Verdict(
                False, "the guard is off in this server (/spoiler-rules guard turns it on)"
            )
        if member.user_id in settings.opted_out:
            return Verdict(False, "the author opted out of the guard")
        if not as_read(member.shown).strip() or member.shown == NEUTRAL_NICK:
            return Verdict(False, "no name", final=True)
        films, shown = self._films_named(member.guild_id, member.shown)
        if not films:
            return Verdict(False, "names no film", final=True)
        rules = await self._app.standings.rules(member.guild_id)
        # Logged as Epilogue's: a log line opening on the member's mention would draw the very
        # name that gives the ending away.
        invocation = Invocation(user_id=GUARD_USER_ID, guild_id=member.guild_id, channel_id=0)
        if (found := await self._ending_in(shown, films, settings, rules, invocation)) is None:
            return Verdict(False, "no ending detail of a guarded film", film=films[0])
        return await self._once(
            "name",
            member.user_id,
            revision_of((member.guild_id, member.nick, member.global_name)),
            lambda: self._rename_member(member, ops, bot_permissions, invocation, *found),
            found,
            # The same name again is a replay, or the member setting it again: Discord says.
            still_needed=lambda: still_shown(
                ops.name_now, (member.nick, member.global_name), "a member's name"
            ),
        )

    async def _rename_member(
        self,
        member: MemberName,
        ops: NameOps,
        bot_permissions: frozenset[str],
        invocation: Invocation,
        film: FilmEntry,
        terms: tuple[str, ...],
    ) -> Verdict:
        nick: str | None = None

        async def set_nick() -> bool:
            nonlocal nick
            # A nickname that tells it goes; the name under it is read too, as it shows then.
            if member.nick is None or await self._own_name_tells(member, film, invocation):
                nick = NEUTRAL_NICK
            return await ops.set_nick(nick)

        # By id, never by mention: Discord draws <@id> as the name that gives the ending away.
        change = Change(
            member.guild_id,
            f"member {member.user_id}'s name",
            "manage_nicknames",
            "spoiler-name",
            shown=f"the server nickname of member with id {member.user_id}",
            verb="change",
            done="changed",
            by_hand="change it by hand",
            why_not=" (a role above Epilogue's, or the server's owner)",
            tells=f"the name of member with id {member.user_id} gives an ending away",
        )
        if refused := await self._change(
            change, set_nick, bot_permissions, invocation, (film, terms)
        ):
            return refused
        now = f"set to “{NEUTRAL_NICK}”" if nick else "removed"
        note = Reply.text(
            f"Your name in the server gave away the ending of {bold_film_label(film)}, and a"
            " name is shown to everyone (in the member list too) with no way to hide it behind"
            f" spoiler bars, so the server's spoiler guard {now} your server nickname. It was:"
            f" {hidden_text(member.shown)}"
        )
        await ops.tell(member.user_id, note)
        return Verdict(True, "ending detail in a member's name", film, terms, note)

    async def _own_name_tells(
        self, member: MemberName, film: FilmEntry, invocation: Invocation
    ) -> bool:
        """Whether the display name under a nickname the guard removes gives an ending away,
        once it shows: of ``film``, read as about it, or of any film it names itself, read as
        the nickname was (a nickname telling one film's ending over a name telling another's
        was removed, and the other's showed)."""
        if await self.tells_an_ending(member.guild_id, [film], member.global_name):
            return True
        films, name = self._films_named(member.guild_id, member.global_name)
        if not films:
            return False
        settings = await self.settings(member.guild_id)
        rules = await self._app.standings.rules(member.guild_id)
        return await self._ending_in(name, films, settings, rules, invocation) is not None

    async def _clear_status(
        self,
        status: ChannelStatus,
        ops: StatusOps,
        bot_permissions: frozenset[str],
        invocation: Invocation,
        film: FilmEntry,
        terms: tuple[str, ...],
    ) -> Verdict:
        change = Change(
            status.guild_id,
            f"voice channel {status.channel_id}'s status",
            "manage_channels",
            "spoiler-status",
            shown=f"the {status.what} {channel_mention(status.channel_id, thread=False)}",
            verb="clear",
            done="cleared",
            by_hand="clear it by hand",
        )
        # A replayed event (or a server described again) may carry a status set over since:
        # only the one Discord shows is cleared.
        if refused := await self._change(
            change,
            ops.clear,
            bot_permissions,
            invocation,
            (film, terms),
            still_needed=lambda: still_shown(
                ops.status_now, status.text, "a voice channel's status"
            ),
        ):
            return refused
        return Verdict(True, f"ending detail in the {status.what}", film, terms)

    def _films_named(
        self, guild_id: int, shown: str, contexts: Sequence[str | None] = ()
    ) -> tuple[Sequence[FilmEntry], str]:
        """The films a name or label the whole server reads (a thread's title, a voice status,
        an event, a member's name) is about, with its text as the guard reads it: the films it
        names, else by their directors (the text then says which), else the films its first
        naming context names (the parent channel's name, a forum tag, the names it had). Such
        a text draws no markdown, so a mark inside a word ("M*ia") is read without it too."""
        text = as_read(shown)
        if _STYLED_IN_WORD.search(text):
            text += "\n" + _STYLED_IN_WORD.sub("", text)
        mentions = self._app.member_spoilers.mentions
        films = mentions.named(guild_id, text)
        if not films:
            films, text = mentions.by_director(guild_id, text)
        for context in contexts:
            if not films and context:
                films = mentions.named(guild_id, as_read(context))
        return films, text

    async def _where_posted(
        self, message: MemberMessage, *, publishable: bool | None = None
    ) -> Verdict | tuple[GuardSettings, GuildRules]:
        """``_where`` for a member's message: a forum post's opening message (the post's own
        id) is shown in the forum's list of posts too, under its title.

        Whether a channel is an announcement channel comes from the adapter's cache, which a
        lost or replayed update leaves behind (a message event does not say): a channel a
        `spoilers` rule opens only if it is not one is read as one, and asked about only once
        an ending is found there (``_still_a_spoiler_channel``)."""
        looked = await self._where(
            message.guild_id,
            message.channel_id,
            message.parent_channel_id,
            message.author_id,
            shown_in_parent=message.id == message.channel_id,
            publishable=message.publishable if publishable is None else publishable,
            shown_in_thread=message.started_thread_id,
        )
        if publishable is None and _spoiler_channel(looked) and _may_be_published(message):
            return await self._where_posted(message, publishable=True)
        return looked

    async def _still_a_spoiler_channel(self, message: MemberMessage, ops: ChannelOps) -> bool:
        """Whether ``message``, about to be hidden, is in a spoiler channel after all: one its
        `spoilers` rule opens, which the adapter's cache holds as no announcement channel and
        Discord, asked now, confirms is none. Not known (Discord not answering): hidden."""
        if not _may_be_published(message):
            return False
        if not _spoiler_channel(await self._where_posted(message, publishable=False)):
            return False
        return await ops.publishable_now() is False

    async def _where(
        self,
        guild_id: int,
        channel_id: int,
        parent_channel_id: int | None,
        author_id: int,
        *,
        shown_in_parent: bool = False,
        publishable: bool = False,
        shown_in_thread: int | None = None,
    ) -> Verdict | tuple[GuardSettings, GuildRules]:
        """The server's guard settings and rules, or why the guard leaves what is posted in
        this channel by this author alone (guard off, author opted out, spoiler channel).
        ``shown_in_parent``: what is read (a thread's title) is shown in the parent channel
        too, so it is a spoiler channel's only if both are spoiler channels. ``publishable``:
        an announcement channel, whose messages can be published to the channels following
        it, in other servers: no spoilers rule opens it (``GuildRules.mode``), as for answers.
        ``shown_in_thread``: a thread started from what is read (a message), which shows it at
        its top: a spoiler channel's only if the thread is a spoiler place too."""
        settings = await self.settings(guild_id)
        if not settings.enabled:
            return Verdict(
                False, "the guard is off in this server (/spoiler-rules guard turns it on)"
            )
        if not settings.guards(channel_id, parent_channel_id):
            return Verdict(False, "the guard is off in this channel (/spoiler-rules guard-channel)")
        if author_id in settings.opted_out:
            return Verdict(False, "the author opted out of the guard")
        rules = await self._app.standings.rules(guild_id)
        places = [(channel_id, parent_channel_id)]
        if shown_in_parent and parent_channel_id is not None:
            places.append((parent_channel_id, None))
        if shown_in_thread is not None and shown_in_thread != channel_id:
            places.append((shown_in_thread, channel_id))
        modes = [rules.mode(*places[0], may_open=not publishable)]
        modes += [rules.mode(*place) for place in places[1:]]
        if all(mode is ChannelMode.SPOILERS for mode in modes):
            return Verdict(False, SPOILER_CHANNEL)
        return settings, rules

    async def _ending_in(
        self,
        text: str,
        films: Sequence[FilmEntry],
        settings: GuardSettings,
        rules: GuildRules,
        invocation: Invocation,
    ) -> tuple[FilmEntry, tuple[str, ...]] | None:
        """The first guarded film (embargoed, or every film if the server chose) whose ending
        vocabulary ``text`` matches, with the terms it matched; else the first the learned
        reading sees told; None if none.

        The rules read every film before the learned reading reads any: it is a second opinion
        that may only hide more, so it never decides which film a hide is about, and a reading
        that fails (weights that do not load) is logged and costs no hide the rules make.

        Both read the message in English: its outcome words in other languages ("muere",
        "stirbt", "am Ende") as the English they say (``other_languages``)."""
        in_english_yet = False
        read: list[tuple[FilmEntry, EndingVocabulary]] = []
        for film in films:
            guarded = settings.all_films or rules.embargo_until(film.work, invocation.embargo_day)
            if not guarded:
                continue
            if not in_english_yet:  # rewritten once, and only for a guarded film
                text, in_english_yet = in_english(text), True
            vocabulary = await self._vocabulary(invocation.guild_id, film)
            if terms := vocabulary.matches(text):
                return film, terms
            read.append((film, vocabulary))
        # What the rules miss, the learned reading may still see told: how members word an
        # ending ("so the <plot> was <end> all along"), learned from labelled chat.
        for film, vocabulary in read:
            try:
                model = ending_model.shipped()
                told = model is not None and model.tells(text, vocabulary, ())
            except Exception:
                log.exception("the learned ending reading failed; the rules' reading stands")
                return None
            if told:
                return film, (LEARNED,)
        # Told in a script neither reading reads: the ending, for all the guard knows.
        if read and mostly_unread(text):
            return read[0][0], (UNREAD,)
        return None

    async def tells_an_ending(self, guild_id: int, films: Sequence[FilmEntry], text: str) -> bool:
        """Whether ``text`` (a name shown beside words about ``films``) gives away the ending
        of one of them, guarded or not: the rules, then the learned reading, each reading it
        tied to the film as a message in a thread named after it is. A film whose vocabulary
        cannot be read counts as told: the name is withheld rather than the hide lost."""
        read = in_english(as_read(text))
        for film in films:
            try:
                vocabulary = await self._vocabulary(guild_id, film)
            except Exception:
                log.exception("could not read a film's ending vocabulary; the name is withheld")
                return True
            about = f"{film.title}: {read}"
            if vocabulary.matches(about):
                return True
            try:
                model = ending_model.shipped()
                if model is not None and model.tells(about, vocabulary, ()):
                    return True
            except Exception:
                log.exception("the learned ending reading failed; the rules' reading stands")
        return False

    async def _rename(
        self,
        thread: ThreadTitle,
        ops: ThreadOps,
        bot_permissions: frozenset[str],
        invocation: Invocation,
        film: FilmEntry,
        terms: tuple[str, ...],
    ) -> Verdict:
        # Discord draws a channel mention as the thread's name, here the title that gives the
        # ending away: the moderators' log names it behind bars (``places.channel_mention``);
        # the log outlives the rename (its creator may rename it back).
        where = channel_mention(thread.id, thread=True)
        neutral = truncate_plain(NEUTRAL_THREAD_NAME.format(title=film.title), THREAD_NAME_LIMIT)
        change = Change(
            thread.guild_id,
            f"thread {thread.id}'s title",
            "manage_threads",
            "spoiler-title",
            shown=f"the title of thread {where}",
            verb="rename",
            done="renamed",
            by_hand="rename it by hand",
            tells=f"started thread {where}, its title giving an ending away",
        )
        found = (film, terms)
        if refused := await self._change(
            change, partial(ops.rename, neutral), bot_permissions, invocation, found
        ):
            return refused
        shown = f"<#{thread.id}>"  # renamed: Discord now draws the neutral name
        note = Reply.text(
            f"The title of your thread {shown} gave away the ending of {bold_film_label(film)},"
            " and a thread's title cannot be hidden behind spoiler bars, so the server's spoiler"
            f" guard renamed it to “{neutral}”. Its title was: {hidden_text(thread.name)}"
        )
        if not thread.owner_is_bot:
            await ops.tell(thread.owner_id, note)
        return Verdict(True, "ending detail in the title", film, terms, note)

    async def _log(self, invocation: Invocation, action: str, detail: str) -> None:
        async with self._app.sessions() as session, session.begin():
            audit.record(session, self._app.standings, invocation, action, detail)

    async def _vocabulary(self, guild_id: int, film: FilmEntry) -> EndingVocabulary:
        """The film's ending vocabulary, weighed against the films this server sees."""
        vocabularies, catalog = self.vocabularies, self._app.catalog
        frequencies = vocabularies.catalog(guild_id, catalog.generation)
        if frequencies is not None and (built := vocabularies.cached(film, frequencies)):
            return built
        reads = self._app.reads
        if frequencies is None:
            frequencies = await vocabularies.frequencies(
                reads, guild_id, catalog.generation, catalog.films(guild_id, hidden_too=True)
            )
        return await vocabularies.get(reads, film, frequencies)

    async def _hide(
        self,
        message: MemberMessage,
        ops: ChannelOps,
        bot_permissions: frozenset[str],
        invocation: Invocation,
        film: FilmEntry,
        terms: tuple[str, ...],
    ) -> Verdict:
        if message.webhook_id is not None and await self._epilogues(message.id):
            # A repost, or a message a moderator's Undo put back, that the adapter could not
            # tell was Epilogue's: never hidden again.
            return Verdict(False, "Epilogue's own repost", film, terms)
        if await self._still_a_spoiler_channel(message, ops):
            return Verdict(False, SPOILER_CHANNEL, film, terms)
        missing = [name for key, name in NEEDED_PERMISSIONS.items() if key not in bot_permissions]
        if missing:
            log.warning(
                "guild %s: the guard would hide message %s but lacks %s",
                message.guild_id,
                message.id,
                ", ".join(missing),
            )
            return Verdict(False, f"Epilogue lacks {' and '.join(missing)}", film, terms)
        if message.unreposted:
            # Nothing is lost: a part no repost can carry stays, so the message stays; the
            # moderators are told where it is, so one of them can deal with it.
            parts = " and ".join(message.unreposted)
            log.warning("guild %s: message %s left: it has %s", message.guild_id, message.id, parts)
            # One entry in the moderators' log, however many processes were shown it.
            await self._app.claims.once(
                "left",
                message.id,
                revision_of(message.as_sent),
                lambda: self._log(
                    replace(invocation, user_id=message.author_id),
                    "spoiler-left",
                    f"sent a message in {message.where} giving an ending away, with {parts}"
                    f" a repost cannot carry: left as it was; a moderator should look"
                    f" ({logged_label(film)})",
                ),
                done=lambda _: True,
            )
            return Verdict(False, f"it has {parts}, which a repost cannot carry", film, terms)
        if not await self._turn(message.guild_id):
            log.warning(
                "guild %s: guard rate limit reached and %s hides waiting; message %s left",
                message.guild_id,
                WAITING_HIDES,
                message.id,
            )
            return Verdict(False, RATE_LIMITED, film, terms)
        guard = replace(invocation, user_id=GUARD_USER_ID)
        try:
            reply = await self._app.member_spoilers.hide_for_guard(
                guard, message, ops, film, unread=terms == (UNREAD,)
            )
        except UserFacingError as exc:
            return Verdict(False, exc.message, film, terms)
        why = "a script the guard cannot read" if terms == (UNREAD,) else "ending detail"
        return Verdict(not reply.is_error, why, film, terms, reply)

    async def _epilogues(self, message_id: int) -> bool:
        async with self._app.sessions() as session:
            return await session.get(HiddenMessage, message_id) is not None

    @property
    def hides_per_minute(self) -> int:
        """The server's pace: hides (reposts, renames) a minute, within Discord's rate limits."""
        return self._pace.per_guild

    @hides_per_minute.setter
    def hides_per_minute(self, value: int) -> None:
        self._pace.per_guild = value

    def _now(self) -> float:
        return self._clock()

    async def _once(
        self,
        kind: str,
        subject: int,
        revision: str,
        act: Callable[[], Awaitable[Verdict]],
        found: tuple[FilmEntry, tuple[str, ...]],
        *,
        still_needed: Callable[[], Awaitable[bool]],
    ) -> Verdict:
        """``act`` (a change of what the whole server reads) in one process of all those
        Discord shows the same text (``bot.claims``): each would change it, tell its author
        and log it. A refusal by the server's pace is no change: another process may try.
        ``still_needed``: asked when the same text comes again after it was changed (a replay,
        or its author putting it back): Discord says whether it shows it."""
        acted = await self._app.claims.once(
            kind,
            subject,
            revision,
            act,
            done=lambda verdict: verdict.reason != RATE_LIMITED,
            still_needed=still_needed,
        )
        if acted is None:
            return Verdict(False, DONE_ELSEWHERE, *found)
        return acted.result

    async def _change(
        self,
        change: Change,
        apply: Callable[[], Awaitable[bool]],
        bot_permissions: frozenset[str],
        invocation: Invocation,
        found: tuple[FilmEntry, tuple[str, ...]],
        *,
        still_needed: Callable[[], Awaitable[bool]] | None = None,
    ) -> Verdict | None:
        """Make ``change`` (``apply``: False when Discord refused it) and log it for the
        moderators; None once made, else the verdict that leaves it: Epilogue lacks the
        permission (the moderators told what to change by hand), its turn in the server's pace
        did not come, the text changed while it waited (``still_needed``), or Discord refused
        (the moderators told again)."""
        film, terms = found
        about = logged_label(film)
        permission = change.permission.replace("_", " ").title()
        if change.permission not in bot_permissions:
            log.warning(
                "guild %s: %s gives an ending away; no %s", change.guild_id, change.what, permission
            )
            await self._log(
                invocation,
                change.log_kind,
                change.noted(about, f"no {permission} to {change.verb} it"),
            )
            return Verdict(False, f"Epilogue lacks {permission}", film, terms)
        if not await self._turn(change.guild_id):
            log.warning(
                "guild %s: guard rate limit reached and %s waiting; %s left",
                change.guild_id,
                WAITING_HIDES,
                change.what,
            )
            return Verdict(False, RATE_LIMITED, film, terms)
        if still_needed is not None and not await still_needed():
            return Verdict(False, f"{change.what} changed since", film, terms)
        if not await apply():
            await self._log(
                invocation,
                change.log_kind,
                change.noted(about, f"Epilogue could not {change.verb} it{change.why_not}"),
            )
            return Verdict(False, f"{change.what} could not be {change.done}", film, terms)
        await self._log(
            invocation,
            "hide-spoiler",
            f"had {change.shown} {change.done} by the spoiler guard: it gave away the ending of"
            f" {about}",
        )
        return None

    async def _turn(self, guild_id: int) -> bool:
        """Wait for a hide's turn in the server's pace (``hides_per_minute``): at once if a
        slot is free, else once the oldest hide of the last minute is a minute old. Past the
        pace a spoiler was left in the open, so a burst of them (anyone's) kept the guard off
        the rest; now it is hidden late (the hide reads the message again first: one edited or
        deleted meanwhile is left to what became of it). False when ``WAITING_HIDES`` already
        wait."""
        return await self._pace.turn(guild_id, self.sleep, waiting=WAITING_HIDES)
