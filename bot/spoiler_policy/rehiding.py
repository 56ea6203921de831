"""Answers posted in a spoiler channel, hidden again when the channel stops being one.

A spoiler channel shows plot and ending text to everyone, unwrapped. When a moderator turns it
back into a standard or no-spoilers channel (its own rule, ``inherit``, the server default, or a
thread's parent), the answers Epilogue already posted there would go on showing endings to a
channel whose readers are now promised they read none unasked. Discord lets a bot edit its own
messages at any time (an interaction's answer included, where the bot is in the server), so
Epilogue edits them: text outside spoiler bars is wrapped (standard channel), or withheld
(no-spoilers channel, or a server with a film under embargo, as the film of an old message is
not known). Titles, field names and footers never carry plot (they are plain text Discord
cannot hide) and stay as they are.

Pure: the adapter lists the places and the messages (``client/rehiding.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.invocation import EARLIEST_OFFSET
from bot.places import channel_mention
from bot.replies import Colour, Embed, EmbedField, Reply
from bot.spoiler_policy.markup import ZWSP, outside_spoilers, wrap
from bot.spoiler_policy.policy import ChannelMode
from bot.spoiler_policy.stored_rules import GuildRules

REHIDE_REACH = 100
"""How many of a place's latest messages are looked through (one page of Discord's history):
older answers are out of reach, and the moderator's reply says so."""

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
FIELD_VALUE_LIMIT = 1024
EMBEDS_LIMIT = 6000

PLAIN_KEYS = frozenset({"type", "title", "color", "footer"})
"""What of an embed is kept when it is withheld: the plain text Epilogue never puts plot in."""
SHOWING_KEYS = frozenset({"author", "url", "image", "thumbnail", "video", "provider"})
"""What Epilogue's embeds never hold, that shows text or a picture no bars hide: an embed with
one is withheld, not wrapped."""

WITHHELD = (
    "Plot and ending details withheld: this was posted while this channel showed spoilers,"
    " and it no longer does. Ask again here to read it under the channel's rules now."
)


_ANY_THREAD = 0
"""A thread id no thread has: what a thread without a rule of its own follows."""


@dataclass(frozen=True)
class RulesChange:
    """A server's rules before and after one moderator's change."""

    before: GuildRules
    after: GuildRules
    embargo_day: dt.date
    pending_id: int | None = None
    """Its recorded re-hiding (``bot/spoiler_policy/pending_rehidings.py``), once recorded."""

    def left_spoilers(self, places: Iterable[tuple[int, int | None]]) -> dict[int, ChannelMode]:
        """Of ``places`` (channel or thread id, and a thread's parent), those that were spoiler
        channels and are not now, with their mode now."""
        left: dict[int, ChannelMode] = {}
        for place, parent in places:
            now = self.after.mode(place, parent)
            if (
                self.before.mode(place, parent) is ChannelMode.SPOILERS
                and now is not ChannelMode.SPOILERS
            ):
                left[place] = now
        return left

    def may_leave_spoilers(self, channel_id: int | None, parent_id: int | None) -> bool:
        """Whether the change turned ``channel_id`` (None: a channel without a rule of its own)
        or any place following it away from spoilers."""
        if channel_id is None:
            return (
                self.before.default_mode is ChannelMode.SPOILERS
                and self.after.default_mode is not ChannelMode.SPOILERS
            )
        return bool(self.left_spoilers([(channel_id, parent_id)]))

    def withholds(self, mode: ChannelMode) -> bool:
        return withholds(self.after, mode, self.embargo_day)

    def may_have_left_archived(self, parent_id: int, held: Collection[int]) -> bool:
        """Whether archived threads of ``parent_id``, which the adapter does not hold (Discord
        leaves them out of what it sends on connecting), may have left spoilers: following
        their channel's rule, or under a rule of their own (a place not in ``held``) that the
        change ended."""
        if self.left_spoilers([(_ANY_THREAD, parent_id)]):
            return True
        return any(
            place not in held
            and mode is ChannelMode.SPOILERS
            and self.after.channel_modes.get(place) is not ChannelMode.SPOILERS
            for place, mode in self.before.channel_modes.items()
        )


def published_withholds(rules: GuildRules, channel_id: int, now: dt.datetime) -> bool | None:
    """``channel_id`` became an announcement channel, whose messages may be published to the
    channels following it in other servers, so its spoiler rule no longer opens answers there
    (``GuildRules.mode``'s ``may_open``): None if it showed nothing openly before, else whether
    what it showed is withheld (True) or wrapped (False)."""
    if rules.mode(channel_id, None) is not ChannelMode.SPOILERS:
        return None
    now_mode = rules.mode(channel_id, None, may_open=False)
    return withholds(rules, now_mode, (now - EARLIEST_OFFSET).date())


def withholds(rules: GuildRules, mode: ChannelMode, embargo_day: dt.date) -> bool:
    """Whether a message shown openly is withheld under ``rules`` rather than wrapped: a
    no-spoilers channel posts no spoilers even wrapped, nor does any channel for a film under
    embargo, and which film an old message is about is not known, so any embargo counts."""
    if mode is ChannelMode.NO_SPOILERS:
        return True
    return any(until > embargo_day for until in rules.embargoes.values())


def rehidden_reply(reply: Reply, *, withhold: bool) -> Reply | None:
    """``rehidden`` for a reply Epilogue has just sent: the same reply with what it shows
    openly hidden (its buttons kept: a page turned is decided again), or None."""
    edit = rehidden(reply.payload(), withhold=withhold)
    if edit is None:
        return None
    embeds = tuple(
        Embed(
            title=embed.get("title") or "",
            description=embed.get("description"),
            fields=tuple(
                EmbedField(f["name"], f["value"], f.get("inline", False))
                for f in embed.get("fields") or []
            ),
            footer=(embed.get("footer") or {}).get("text"),
            colour=Colour.SPOILER,
        )
        for embed in edit["embeds"]
    )
    return replace(reply, content=edit["content"] or None, embeds=embeds, opens_spoilers=False)


def _shows(text: str | None) -> bool:
    """Whether ``text`` shows readers anything without a click on a spoiler."""
    if not text:
        return False
    return bool(outside_spoilers(text).replace(ZWSP, "").strip())


def _hidden(text: str) -> str | None:
    """``text`` with every visible run behind bars, or None when that is not sure to hide it."""
    wrapped = wrap(text)
    return None if _shows(wrapped) else wrapped


def rehidden(message: dict[str, Any], *, withhold: bool) -> dict[str, Any] | None:
    """The edit (``content`` and ``embeds``, as Discord's message JSON) that hides what one of
    Epilogue's own messages shows openly, or None when it shows nothing openly.

    Wrapping that would not hide everything, or would not fit Discord's limits, withholds.
    """
    content: str = message.get("content") or ""
    embeds: list[dict[str, Any]] = [dict(embed) for embed in message.get("embeds") or []]
    texts = [content, *(e.get("description") for e in embeds)]
    texts += [f.get("value") for e in embeds for f in e.get("fields") or []]
    if not any(_shows(text) for text in texts):
        return None
    edit = None if withhold else _wrapped(content, embeds)
    if edit is None:
        edit = _withheld(content, embeds)
    if edit == {"content": content, "embeds": message.get("embeds") or []}:
        return None  # withheld already
    return edit


def _wrapped(content: str, embeds: list[dict[str, Any]]) -> dict[str, Any] | None:
    new_content = content
    if _shows(content):
        hidden = _hidden(content)
        if hidden is None or len(hidden) > CONTENT_LIMIT:
            return None
        new_content = hidden
    new_embeds = []
    for embed in embeds:
        if embed.keys() & SHOWING_KEYS:
            return None
        embed = dict(embed)
        description = embed.get("description")
        if _shows(description):
            hidden = _hidden(description)
            if hidden is None or len(hidden) > DESCRIPTION_LIMIT:
                return None
            embed["description"] = hidden
        fields = []
        for shown in embed.get("fields") or []:
            entry = dict(shown)
            if _shows(entry.get("value")):
                hidden = _hidden(entry["value"])
                if hidden is None or len(hidden) > FIELD_VALUE_LIMIT:
                    return None
                entry["value"] = hidden
            fields.append(entry)
        if fields:
            embed["fields"] = fields
        new_embeds.append(embed)
    if sum(_embed_chars(embed) for embed in new_embeds) > EMBEDS_LIMIT:
        return None
    return {"content": new_content, "embeds": new_embeds}


def _withheld(content: str, embeds: list[dict[str, Any]]) -> dict[str, Any]:
    """Every text that could hold plot replaced by one notice; titles and footers kept."""
    kept = []
    for embed in embeds:
        kept.append({key: value for key, value in embed.items() if key in PLAIN_KEYS})
    if kept:
        kept[0]["description"] = WITHHELD
        return {"content": "" if _shows(content) else content, "embeds": kept}
    return {"content": WITHHELD, "embeds": []}


def _embed_chars(embed: dict[str, Any]) -> int:
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    fields = sum(
        len(f.get("name") or "") + len(f.get("value") or "") for f in embed.get("fields") or []
    )
    return (
        len(embed.get("title") or "")
        + len(embed.get("description") or "")
        + len(footer)
        + len(author)
        + fields
    )


@dataclass
class RehidingOutcome:
    """What hiding again reached: messages edited, and the places it could not finish, each
    for the reason the moderator is told (ids of channels and threads)."""

    edited: int = 0
    unreadable: list[int] = field(default_factory=list)
    """Places whose messages Epilogue may not read (View Channel, Read Message History)."""
    closed: list[int] = field(default_factory=list)
    """Threads archived or locked that Epilogue may not open to edit in (Manage Threads)."""
    refused: dict[int, int] = field(default_factory=dict)
    """Places where Discord refused to edit some of Epilogue's messages: how many."""
    stopped: list[int] = field(default_factory=list)
    """Places not looked at: Discord was limiting Epilogue's requests for longer than it waits."""
    retrying: list[int] = field(default_factory=list)
    """Places where an edit or a read failed for a passing reason (a 5xx past its tries, a
    connection closed, a timeout): left recorded, and tried again within a minute
    (``client.rehiding.sweep_unfinished``), so not told as out of reach."""
    unlisted: list[int] = field(default_factory=list)
    """Channels whose archived threads Discord failed to list for a passing reason (a 5xx past
    its tries, no answer, a rate limit longer than waited, a page that could not be read):
    left recorded, and listed again within a minute, so not told as out of reach either."""
    channels: set[int] = field(default_factory=set)
    """Places known to be channels, not threads: named in the clear. Any other place is named
    behind bars (``bot.places``): the places left are mostly threads under the channel whose
    rule changed, which the moderator never named, and Discord draws a thread's mention as its
    title now, a member's words."""

    @property
    def complete(self) -> bool:
        return not (self.unreadable or self.closed or self.refused or self.stopped)


MENTIONED_PLACES = 20
"""Places named in one line of the note (a channel mention is about 22 characters)."""


def _named(place: int, channels: Collection[int]) -> str:
    """``place``'s mention: behind bars unless it is known to be a channel."""
    return channel_mention(place, thread=place not in channels)


def _places_named(places: Sequence[int], channels: Collection[int]) -> str:
    named = ", ".join(_named(place, channels) for place in places[:MENTIONED_PLACES])
    more = len(places) - MENTIONED_PLACES
    return f"{named} and {more} more" if more > 0 else named


def out_of_reach_note(outcome: RehidingOutcome) -> Reply | None:
    """The moderator's private note of the places where Epilogue's answers may still show plot
    and ending text openly after hiding again (the change itself stands), with what to do; None
    when every place was hidden."""
    if outcome.complete:
        return None

    def named(places: Sequence[int]) -> str:
        return _places_named(places, outcome.channels)

    lines = []
    if outcome.unreadable:
        lines.append(
            f"Epilogue could not hide again its answers in {named(outcome.unreadable)}:"
            " it may not read the messages there (it needs View Channel and Read Message"
            " History). Give it both there, then set its rule to spoilers and back (which hides"
            " them again), or delete its answers there by hand."
        )
    if outcome.closed:
        lines.append(
            f"Epilogue could not hide again its answers in {named(outcome.closed)}:"
            " archived or locked, and it may not open them to edit its messages (it needs"
            " Manage Threads). Give it that, then set their rule to spoilers and back (which"
            " hides them again), or delete its answers there by hand."
        )
    if outcome.refused:
        count = sum(outcome.refused.values())
        lines.append(
            f"Discord refused to edit {count} of its answers in"
            f" {named(list(outcome.refused))}: delete those still showing plot by hand."
        )
    if outcome.stopped:
        lines.append(
            "Discord is limiting Epilogue's requests, so it stopped before"
            f" {named(outcome.stopped)}: it tries them again within minutes, or"
            " delete its answers there by hand."
        )
    return Reply.text("\n".join(lines))


LOGGED_PLACES = 1
"""Places named in one moderators' log entry, whose lines show about 140 characters (a
channel mention is about 22)."""


def _places_logged(places: Sequence[int], channels: Collection[int]) -> str:
    named = ", ".join(_named(place, channels) for place in places[:LOGGED_PLACES])
    more = len(places) - LOGGED_PLACES
    return f"{named} and {more} more" if more > 0 else named


def out_of_reach_log(outcome: RehidingOutcome) -> list[str]:
    """``out_of_reach_note`` for the moderators' log, when no moderator waits on an answer (a
    run resumed after a restart): one short entry per reason, what to do first."""

    def named(places: Sequence[int]) -> str:
        return _places_logged(places, outcome.channels)

    entries = []
    if outcome.unreadable:
        entries.append(
            "Left open (grant View Channel and Read Message History, then set its rule to"
            f" spoilers and back): {named(outcome.unreadable)}"
        )
    if outcome.closed:
        entries.append(
            "Left open in closed threads (grant Manage Threads, then set their rule to spoilers"
            f" and back): {named(outcome.closed)}"
        )
    if outcome.refused:
        count = sum(outcome.refused.values())
        entries.append(
            f"Discord refused to hide again {count} answers (delete them by hand):"
            f" {named(list(outcome.refused))}"
        )
    if outcome.stopped:
        entries.append(
            "Answers not hidden again yet (Discord is limiting Epilogue; tried again within"
            f" minutes): {named(outcome.stopped)}"
        )
    return entries
