"""Who is asking and where: everything the core needs to know about one command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MODERATOR_PERMISSIONS = frozenset({"manage_messages", "manage_guild", "administrator"})
ADMIN_PERMISSIONS = frozenset({"manage_guild", "administrator"})
EARLIEST_OFFSET = dt.timedelta(hours=12)
"""How far behind UTC the earliest timezone is (UTC-12): a day has begun everywhere this long
after it began in UTC."""


STORED_ID_MAX = 2**63 - 1
"""The largest id either database stores (a signed 64-bit integer). Discord's ids are unsigned
64-bit numbers, but stay below this until about 2084."""


def stored_id(value: int) -> bool:
    """Whether ``value`` is an id both databases store: 0 (Epilogue's own stand-in for "no
    one", the guard's) up to ``STORED_ID_MAX``."""
    return 0 <= value <= STORED_ID_MAX


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Invocation:
    """One command as the core sees it, whichever adapter (Discord, console) delivered it."""

    user_id: int
    guild_id: int | None = None
    channel_id: int | None = None
    # A thread follows its parent channel's rule unless it has one of its own.
    parent_channel_id: int | None = None
    # The adapter could not tell whether the channel is a thread, or of which channel (Discord
    # named a channel it does not hold by id alone): any channel's rule may be the parent's,
    # and the channel may be an announcement channel (``rules_may_open``).
    parent_unknown: bool = False
    # Whether the server has Epilogue installed (Discord's authorising installations name it),
    # rather than a member using the app installed to their own account where it is not: there
    # the server's stored rules, from before it removed Epilogue, only narrow (``GuildRules.mode``).
    server_installed: bool = True
    # An announcement channel: its messages can be published to every channel following it, in
    # other servers, whose readers no rule of this server asked (``GuildRules.mode``).
    publishable: bool = False
    # A thread started from the pressed message (it has the message's id), which Discord
    # shows at the thread's top: the thread's rule counts too, the stricter one (an answer
    # posted open in a spoiler channel turned its page open at the top of a standard thread).
    shown_in_thread: int | None = None
    role_ids: frozenset[int] = frozenset()
    # Discord permission names the member has in this channel, e.g. "manage_messages".
    permissions: frozenset[str] = frozenset()
    is_owner: bool = False
    now: dt.datetime = field(default_factory=_now)
    # Until when a server's moderators have timed the member out (Discord's
    # ``communication_disabled_until``; a past time means the timeout has ended).
    timed_out_until: dt.datetime | None = None
    # Not yet through the server's membership screening (has not agreed to its rules): Discord
    # lets such a member read, not talk.
    pending: bool = False
    # Whether the channel lets the member write (Send Messages; in a thread, Send Messages in
    # Threads) and attach files, as the adapter knows it: Epilogue posts nothing for a member
    # it keeps quiet. An adapter that cannot tell leaves both True.
    may_write: bool = True
    may_attach: bool = True
    # The Discord interaction this is (its snowflake id), None from the console: a change is
    # made once per interaction however often it is delivered (``Epilogue.first_handling``).
    interaction_id: int | None = None

    @property
    def in_guild(self) -> bool:
        return self.guild_id is not None

    @property
    def rules_may_open(self) -> bool:
        """Whether the server's stored rules may open an answer to the channel (a spoiler
        channel or default): not where the server removed Epilogue, nor where what is posted
        may be published to other servers, nor where the adapter could not tell what kind of
        channel it is (``parent_unknown``): it may be an announcement channel, whose spoilers
        rule opened an ending to every server following it."""
        return self.server_installed and not self.publishable and not self.parent_unknown

    @property
    def today(self) -> dt.date:
        return self.now.date()

    @property
    def embargo_day(self) -> dt.date:
        """The day an embargo's end date is compared with: the earliest date anywhere on Earth
        (UTC-12). An end date names a day, not a timezone, so an embargo holds until that day
        has begun everywhere (12:00 UTC), never lifting the evening before where its
        moderators live."""
        return (self.now - EARLIEST_OFFSET).date()

    def foreign_id(self) -> int | None:
        """An id of the asker or their place that no Discord payload holds (``stored_id``), or
        None: every read and write by it would fail in the database."""
        ids = (self.user_id, self.guild_id, self.channel_id, self.parent_channel_id)
        return next((i for i in (*ids, *self.role_ids) if i is not None and not stored_id(i)), None)

    def has_any(self, permissions: frozenset[str]) -> bool:
        return bool(self.permissions & permissions)

    @property
    def timed_out(self) -> bool:
        return self.timed_out_until is not None and self.timed_out_until > self.now

    def is_moderator(self, moderator_role_id: int | None) -> bool:
        """Manage Messages (or more), the server's moderator role, or the bot owner.

        A timed-out member keeps their roles, but Discord takes every permission from them but
        View Channel and Read Message History (administrators and the owner cannot be timed
        out) and reports them so: the moderator role, Epilogue's own grant, is suspended too."""
        by_role = (
            moderator_role_id is not None
            and moderator_role_id in self.role_ids
            and not self.timed_out
        )
        return by_role or self.is_owner or self.has_any(MODERATOR_PERMISSIONS)
