"""What the whole server reads beside messages, as the spoiler guard sees it: a thread's title,
a voice or stage channel's status, a scheduled event, a member's name. Each comes with the
operations an adapter gives the guard to change it (the guard never imports discord)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.replies import Reply

THREAD_NAME_LIMIT = 100
NEUTRAL_THREAD_NAME = "Spoiler discussion: {title}"
"""What the guard renames a thread whose title gives an ending away to: the film's title,
which hides nothing (the message guard names films in the open too)."""


@dataclass(frozen=True)
class ThreadTitle:
    """A thread's name (a forum post's title) as the core sees it. Discord shows it in the
    channel list, above every message in it and in notifications, drawn without markdown:
    nothing in it can be put behind bars, so one that states an ending is renamed."""

    id: int
    guild_id: int
    parent_channel_id: int | None
    owner_id: int
    name: str
    # The parent channel's name: a thread in #la-la-land is about that film.
    parent_name: str = ""
    # A bot opened it: its title is read as any (a bot opening threads on members' messages
    # titles them with their words), but nobody is told (a bot reads no DM). Epilogue opens
    # none: a thread an event says it owns is read too.
    owner_is_bot: bool = False
    # A forum post's tags, shown with its title: a post tagged "La La Land" is about it.
    tag_names: tuple[str, ...] = ()
    # Other names its parent and tags had in events read lately: a replayed rename may have
    # given the adapter an old one (``client.place_names``).
    recent_names: tuple[str, ...] = ()


class ThreadOps(Protocol):
    """What an adapter does to a thread on the guard's behalf."""

    async def rename(self, name: str) -> bool:
        """Rename the thread; False if it could not be."""
        ...

    async def tell(self, user_id: int, reply: Reply) -> bool:
        """Say something privately to a member (a DM); False if it could not be delivered."""
        ...

    async def name_now(self) -> str | None:
        """The thread's name as Discord has it now (None: it cannot say). Asked only when the
        same title comes again after a rename: a replayed event, or its creator putting it
        back."""
        ...


@dataclass(frozen=True)
class ChannelStatus:
    """A voice channel's status as the core sees it: the line any member in the channel may
    set (Discord's Set Voice Channel Status, on for everyone by default), shown under the
    channel's name in the channel list to the whole server, whichever channel they read, with
    no markdown: nothing in it can be put behind bars, so one that states an ending is cleared.
    Discord's event does not say who set it, so nobody is told."""

    guild_id: int
    channel_id: int
    text: str
    # The voice channel's name: a status of "La La Land watch party" is about that film.
    channel_name: str = ""
    # Other names the channel had in events read lately (``client.place_names``).
    recent_names: tuple[str, ...] = ()
    # What it is, as the moderators' log names it: a stage's topic (set by its moderators as
    # it goes live, shown over the channel list and in "live now" notices) is read alike.
    what: str = "status of voice channel"


class StatusOps(Protocol):
    """What an adapter does to a voice channel's status on the guard's behalf."""

    async def clear(self) -> bool:
        """Clear the status; False if it could not be."""
        ...

    async def status_now(self) -> str | None:
        """The status as Discord has it now (None: it cannot say). Asked only when the same
        status comes again after it was cleared: a replayed event, or a member setting it
        again."""
        ...


@dataclass(frozen=True)
class ServerEvent:
    """A server's scheduled event as the core sees it: its name, description and (for one held
    elsewhere) location, which the whole server reads in its events list, and in a banner over
    the channel list while it is live. A member with Create Events may make one. Read as plain
    text (a name and a location draw no markdown), so one stating an ending is rewritten."""

    guild_id: int
    id: int
    creator_id: int | None
    name: str
    description: str = ""
    location: str = ""
    # The voice or stage channel it is held in: an event in "La La Land watch party" is about
    # that film.
    channel_id: int | None = None
    channel_name: str = ""
    creator_is_bot: bool = False

    @property
    def texts(self) -> dict[str, str]:
        """What a reader sees of it, by the field Discord names it with."""
        return {"name": self.name, "description": self.description, "location": self.location}


EVENT_NEUTRAL = {
    "name": "Spoiler discussion: {title}",
    "description": "(Hidden by the server's spoiler guard: it gave away the ending of {title}.)",
    "location": "(hidden: it gave away an ending)",
}
"""What the guard rewrites each part of an event that gives an ending away to (Discord's
limits: a name of 100 characters, a description of 1,000, a location of 100)."""
EVENT_LIMITS = {"name": 100, "description": 1000, "location": 100}


class EventOps(Protocol):
    """What an adapter does to a scheduled event on the guard's behalf."""

    async def rewrite(self, texts: dict[str, str]) -> bool:
        """Set these fields (``name``, ``description``, ``location``); False if it could not."""
        ...

    async def tell(self, user_id: int, reply: Reply) -> bool:
        """Say something privately to a member (a DM); False if it could not be delivered."""
        ...

    async def texts_now(self) -> dict[str, str] | None:
        """The event's fields as Discord has them now (None: it cannot say)."""
        ...


@dataclass(frozen=True)
class MemberName:
    """A member's name in a server as the core sees it: their server nickname, else their
    display name, else their username, which Discord shows in the member list, the voice
    channel list, "is typing" and over each of their messages, in plain text no bar hides.
    Any member may set their own nickname (Change Nickname is on for everyone by default)."""

    guild_id: int
    user_id: int
    nick: str | None
    global_name: str

    @property
    def shown(self) -> str:
        return self.nick or self.global_name


NEUTRAL_NICK = "name hidden (spoiler)"
"""The nickname the guard gives a member whose own name (not a nickname) gives an ending away:
a nickname is what the server shows instead (32 characters at most)."""


class NameOps(Protocol):
    """What an adapter does to a member's server nickname on the guard's behalf."""

    async def set_nick(self, nick: str | None) -> bool:
        """Set (None: remove) the member's nickname; False if it could not be."""
        ...

    async def name_now(self) -> tuple[str | None, str] | None:
        """The member's nickname and display name as Discord has them now (None: it cannot
        say). Asked only when the same name comes again after it was changed."""
        ...

    async def tell(self, user_id: int, reply: Reply) -> bool:
        """Say something privately to a member (a DM); False if it could not be delivered."""
        ...
