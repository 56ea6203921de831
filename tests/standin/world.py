"""The stand-in's view of Discord: users, guilds, channels, roles and members.

Everything here is plain data plus the JSON shapes Discord sends for it, so the
gateway and REST layers never hand-build payloads. Shapes follow what
discord.py 2.7 reads in ``guild.py``, ``channel.py``, ``threads.py``,
``member.py`` and ``role.py`` (e.g. ``Member`` needs ``flags``; ``Thread``
needs ``thread_metadata``, ``message_count`` and ``member_count``).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
TIMESTAMP = "2024-01-01T00:00:00.000000+00:00"
ARCHIVE_EPOCH = datetime(2024, 1, 2, tzinfo=UTC)
_ARCHIVE_CLOCK = itertools.count()

# Channel types (https://discord.com/developers/docs/resources/channel).
GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2
GUILD_CATEGORY = 4
GUILD_ANNOUNCEMENT = 5
GUILD_STAGE_VOICE = 13
GUILD_FORUM = 15
GUILD_MEDIA = 16
ANNOUNCEMENT_THREAD = 10
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
THREAD_TYPES = frozenset({ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD})

# Permission bits the helpers below name explicitly.
ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
MANAGE_CHANNELS = 1 << 4
MANAGE_EVENTS = 1 << 33
MANAGE_NICKNAMES = 1 << 27
MUTE_MEMBERS = 1 << 22
MOVE_MEMBERS = 1 << 24
MANAGE_WEBHOOKS = 1 << 29
SEND_MESSAGES_IN_THREADS = 1 << 38
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
RESPONSE_PERMISSIONS = ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE | USE_EXTERNAL_EMOJIS
"""What an app not in the server may use in its interaction responses (``app_permissions``:
@everyone's permissions limited to these)."""
ALL_PERMISSIONS = (1 << 53) - 1
DEFAULT_EVERYONE = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)

# Privileged gateway intents (``topics/gateway``): asked for in IDENTIFY without the switch in the
# Developer Portal → Bot → Privileged Gateway Intents, Discord closes the socket with 4014.
GUILD_MEMBERS_INTENT = 1 << 1
GUILD_PRESENCES_INTENT = 1 << 8
MESSAGE_CONTENT_INTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS_INTENT | GUILD_PRESENCES_INTENT | MESSAGE_CONTENT_INTENT

_last_snowflake = 0
_increment = itertools.count()


def snowflake() -> int:
    """A fresh, strictly increasing snowflake whose timestamp is now.

    Real-looking timestamps matter: discord.py derives ``created_at`` from ids.
    """
    global _last_snowflake
    now_ms = time.time_ns() // 1_000_000
    candidate = ((now_ms - DISCORD_EPOCH_MS) << 22) | (next(_increment) & 0xFFF)
    _last_snowflake = max(candidate, _last_snowflake + 1)
    return _last_snowflake


@dataclass
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": True,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass
class Overwrite:
    """A channel permission overwrite; ``kind`` 0 targets a role, 1 a member."""

    id: int
    kind: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.kind,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


@dataclass
class Channel:
    id: int
    guild_id: int
    name: str
    type: int = GUILD_TEXT
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    nsfw: bool = False
    owner_id: int | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    last_message_id: int | None = None
    """The newest message sent in it (Discord keeps it when that message is deleted)."""
    archived: bool = False
    """A thread nobody wrote in for a while: not in GUILD_CREATE's active threads (so not in
    discord.py's cache); a message or a webhook post in it unarchives it."""
    archive_stamp: int = 0
    """When ``archived`` last changed (``archive_timestamp``), one second apart for each change
    in the world: Discord's lists of archived threads are ordered and paged by it."""
    locked: bool = False
    """A thread a moderator locked ("Lock thread", "Close and lock post"): once archived, only
    someone with Manage Threads unarchives it, and Discord refuses everything else written
    there (400, 50083 "Thread is archived": a member's command answered in it, a webhook's
    post)."""
    tags: dict[int, str] = field(default_factory=dict)
    """A forum's tags (id to name), which its posts may carry."""
    applied_tags: list[int] = field(default_factory=list)
    """A forum post's tags (ids of its forum's ``tags``), shown with its title."""
    stage_topic: str | None = None
    """A stage's topic while it is live (``member_starts_stage``); None: not live."""
    status: str | None = None
    """A voice channel's status, which any member in it may set (``member_sets_voice_status``),
    shown under its name in the channel list."""

    joined: set[int] | None = None
    """A private thread's members (those added to it). None: not modelled, the thread seen by
    whoever sees its parent; else one not added sees it only with Manage Threads (or as an
    administrator): "private threads are only viewable by those invited and those with the
    MANAGE_THREADS permission" (``topics/threads``): no permission there, no event of it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "archived":
            object.__setattr__(self, "archive_stamp", next(_ARCHIVE_CLOCK))
        object.__setattr__(self, name, value)

    @property
    def archive_timestamp(self) -> str:
        return (ARCHIVE_EPOCH + timedelta(seconds=self.archive_stamp)).isoformat()

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "guild_id": str(self.guild_id),
            "name": self.name,
            "type": self.type,
            "parent_id": None if self.parent_id is None else str(self.parent_id),
            "last_message_id": None if self.last_message_id is None else str(self.last_message_id),
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        if self.is_thread:
            data.update(
                owner_id=str(self.owner_id or 0),
                applied_tags=[str(tag) for tag in self.applied_tags],
                message_count=0,
                member_count=1,
                total_message_sent=0,
                thread_metadata={
                    "archived": self.archived,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": self.archive_timestamp,
                    "locked": self.locked,
                    "create_timestamp": TIMESTAMP,
                },
            )
        else:
            if self.type in (GUILD_VOICE, GUILD_STAGE_VOICE):
                data.update(bitrate=64000, user_limit=0, rtc_region=None, status=self.status)
            if self.type == GUILD_FORUM:
                data.update(
                    available_tags=[
                        {
                            "id": str(tag),
                            "name": name,
                            "moderated": False,
                            "emoji_id": None,
                            "emoji_name": None,
                        }
                        for tag, name in self.tags.items()
                    ],
                    default_reaction_emoji=None,
                    default_sort_order=None,
                    default_forum_layout=0,
                    default_thread_rate_limit_per_user=0,
                )
            data.update(
                position=self.position,
                topic=self.topic,
                nsfw=self.nsfw,
                permission_overwrites=[o.payload() for o in self.overwrites],
            )
        return data


@dataclass
class Member:
    user: User
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    avatar: str | None = None
    """A server avatar's hash (drawn instead of the user's own avatar in this server)."""
    pending: bool = False
    """Not yet through membership screening (the server's rules not agreed to)."""
    timed_out_until: datetime | None = None
    """A moderator's timeout: until then Discord leaves the member only View Channel and Read
    Message History (``Guild.permissions_in``), unless they are an administrator."""

    @property
    def timed_out(self) -> bool:
        return self.timed_out_until is not None and self.timed_out_until > datetime.now(UTC)

    def payload(self, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.user.payload(),
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": self.avatar,
            "joined_at": TIMESTAMP,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": self.pending,
            "flags": 0,
            "communication_disabled_until": self.timed_out_until.isoformat()
            if self.timed_out_until is not None
            else None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


UPLOAD_LIMITS = {0: 10 * 2**20, 1: 10 * 2**20, 2: 50 * 2**20, 3: 100 * 2**20}


@dataclass
class ScheduledEvent:
    """A server's scheduled event: held in a voice or stage channel (``channel_id``), or
    elsewhere (``location``)."""

    id: int
    guild_id: int
    creator_id: int
    name: str
    description: str | None = None
    channel_id: int | None = None
    location: str | None = None

    def payload(self) -> dict[str, Any]:
        external = self.channel_id is None
        return {
            "id": str(self.id),
            "guild_id": str(self.guild_id),
            "channel_id": None if external else str(self.channel_id),
            "creator_id": str(self.creator_id),
            "name": self.name,
            "description": self.description,
            "scheduled_start_time": "2031-01-01T20:00:00.000000+00:00",
            "scheduled_end_time": "2031-01-01T22:00:00.000000+00:00" if external else None,
            "privacy_level": 2,
            "status": 1,
            "entity_type": 3 if external else 2,
            "entity_id": None,
            "entity_metadata": {"location": self.location} if external else None,
            "user_count": 0,
            "image": None,
        }


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    locale: str = "en-US"
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    premium_tier: int = 0
    """Boost level 0-3: what one uploaded file may weigh here (``upload_limit``)."""
    events: dict[int, ScheduledEvent] = field(default_factory=dict)
    """Its scheduled events (``member_creates_event``), listed in GUILD_CREATE."""
    large: bool = False
    """Past IDENTIFY's ``large_threshold`` (50 to 250 members): GUILD_CREATE says ``large`` and
    lists no offline members, which, without the presences intent, leaves only the bot's own
    (Identify Structure, ``large_threshold``; a member is known from its messages and
    interactions, or looked up)."""
    available: bool = True
    """False: in an outage. READY lists it as unavailable and no GUILD_CREATE follows until it is
    back (``StandinServer.guild_back``); members still use commands there meanwhile."""

    @property
    def upload_limit(self) -> int:
        """Bytes one file may have in a message posted here: 10 MiB, 50 at boost level 2,
        100 at level 3. Discord refuses a heavier file, 413 Request entity too large (40005)."""
        return UPLOAD_LIMITS.get(self.premium_tier, UPLOAD_LIMITS[0])

    # -- builders -------------------------------------------------------
    @property
    def everyone(self) -> Role:
        """The @everyone role, which Discord gives the guild's own id."""
        return self.roles[self.id]

    def role(self, name: str, permissions: int = 0, *, id: int | None = None) -> Role:
        role = Role(id or snowflake(), name, permissions, position=len(self.roles))
        self.roles[role.id] = role
        return role

    def text_channel(
        self,
        name: str,
        *,
        id: int | None = None,
        topic: str | None = None,
        category: Channel | None = None,
        overwrites: list[Overwrite] | None = None,
    ) -> Channel:
        channel = Channel(
            id or snowflake(),
            self.id,
            name,
            GUILD_TEXT,
            parent_id=category.id if category else None,
            position=len(self.channels),
            topic=topic,
            overwrites=overwrites or [],
        )
        self.channels[channel.id] = channel
        return channel

    def voice_channel(
        self, name: str, *, id: int | None = None, kind: int = GUILD_VOICE
    ) -> Channel:
        """A voice channel (``kind=GUILD_STAGE_VOICE``: a stage); members write in its text chat
        like in a text channel."""
        channel = Channel(id or snowflake(), self.id, name, kind, position=len(self.channels))
        self.channels[channel.id] = channel
        return channel

    def forum_channel(self, name: str, *, id: int | None = None) -> Channel:
        """A forum: members write only in its posts (threads, ``thread(name, forum)``)."""
        channel = Channel(
            id or snowflake(), self.id, name, GUILD_FORUM, position=len(self.channels)
        )
        self.channels[channel.id] = channel
        return channel

    def announcement_channel(self, name: str, *, id: int | None = None) -> Channel:
        """An announcement channel: a text channel whose messages servers can follow."""
        channel = self.text_channel(name, id=id)
        channel.type = GUILD_ANNOUNCEMENT
        return channel

    def category(self, name: str, *, id: int | None = None) -> Channel:
        channel = Channel(id or snowflake(), self.id, name, GUILD_CATEGORY)
        self.channels[channel.id] = channel
        return channel

    def thread(
        self, name: str, parent: Channel, *, id: int | None = None, private: bool = False
    ) -> Channel:
        channel = Channel(
            id or snowflake(),
            self.id,
            name,
            PRIVATE_THREAD if private else PUBLIC_THREAD,
            parent_id=parent.id,
            owner_id=self.owner_id,
        )
        self.channels[channel.id] = channel
        return channel

    def add_member(self, user: User, roles: Sequence[Role | int] | None = None) -> Member:
        """Add (or, given ``roles``, re-role) a member; @everyone is implicit."""
        role_ids = [r.id if isinstance(r, Role) else int(r) for r in roles or []]
        member = self.members.get(user.id)
        if member is None:
            member = self.members[user.id] = Member(user, role_ids)
        elif roles is not None:
            member.roles = role_ids
        return member

    # -- permissions ----------------------------------------------------
    def base_permissions(self, user_id: int) -> int:
        """Guild-wide permissions: @everyone | member roles; owner/admin get all."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.members.get(user_id)
        perms = self.everyone.permissions
        for role_id in member.roles if member else []:
            role = self.roles.get(role_id)
            if role is not None:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def permissions_in(self, user_id: int, channel: Channel | None) -> int:
        """Discord's overwrite algorithm (threads use their parent's overwrites)."""
        perms = self._overwritten(user_id, channel)
        if (
            channel is not None
            and channel.type == PRIVATE_THREAD
            and channel.joined is not None
            and user_id not in channel.joined
            and perms != ALL_PERMISSIONS
            and not perms & MANAGE_THREADS
        ):
            return 0  # a private thread they were not added to: not even seen
        member = self.members.get(user_id)
        if perms != ALL_PERMISSIONS and member is not None and member.timed_out:
            # "Timed out members will temporarily lose all permissions except VIEW_CHANNEL and
            # READ_MESSAGE_HISTORY. Owners and admin users with ADMINISTRATOR are exempt."
            perms &= VIEW_CHANNEL | READ_MESSAGE_HISTORY
        return perms

    def _overwritten(self, user_id: int, channel: Channel | None) -> int:
        perms = self.base_permissions(user_id)
        if perms == ALL_PERMISSIONS or channel is None:
            return perms
        if channel.is_thread and channel.parent_id in self.channels:
            channel = self.channels[channel.parent_id]
        member = self.members.get(user_id)
        role_ids = set(member.roles) if member else set()
        by_id = {o.id: o for o in channel.overwrites}
        if everyone := by_id.get(self.id):
            perms = (perms & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for o in channel.overwrites:
            if o.kind == 0 and o.id in role_ids:
                allow |= o.allow
                deny |= o.deny
        perms = (perms & ~deny) | allow
        if (mine := by_id.get(user_id)) and mine.kind == 1:
            perms = (perms & ~mine.deny) | mine.allow
        return perms

    # -- payloads -------------------------------------------------------
    def payload(self, bot_user_id: int) -> dict[str, Any]:
        """The GUILD_CREATE body discord.py turns into a cached ``Guild``."""
        plain = [c for c in self.channels.values() if not c.is_thread]
        # GUILD_CREATE's ``threads``: "all active threads in the guild", archived ones left out.
        threads = [
            c
            for c in self.channels.values()
            if c.is_thread
            and not c.archived
            # A private thread the bot was not added to (without Manage Threads): not its to see.
            and (c.joined is None or self.permissions_in(bot_user_id, c))
        ]
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "icon": None,
            "unavailable": False,
            "member_count": len(self.members),
            "large": self.large,
            "preferred_locale": self.locale,
            "features": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": self.premium_tier,
            "system_channel_flags": 0,
            "joined_at": TIMESTAMP,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "channels": [c.payload() for c in plain],
            "threads": [c.payload() for c in threads],
            "members": [
                m.payload()
                for m in self.members.values()
                if not self.large or m.user.id == bot_user_id
            ],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [e.payload() for e in self.events.values()],
            "soundboard_sounds": [],
        }

    def channel_payload_for(self, channel: Channel, user_id: int) -> dict[str, Any]:
        """Partial channel as sent in interactions and ``resolved``: adds ``permissions``."""
        data = channel.payload()
        data["permissions"] = str(self.permissions_in(user_id, channel))
        return data


class StandinWorld:
    """Declarative model of everything the stand-in knows about.

    >>> world = StandinWorld()
    >>> guild = world.guild("Film Club")
    >>> general = guild.text_channel("general")
    >>> mods = guild.role("Moderator", MANAGE_MESSAGES)
    >>> alice = world.user("alice")
    >>> _ = guild.add_member(alice, [mods])
    """

    def __init__(
        self,
        *,
        bot_name: str = "Epilogue",
        bot_id: int | None = None,
        application_id: int | None = None,
        application_flags: int = 0,
        granted_intents: int = PRIVILEGED_INTENTS,
    ) -> None:
        """``granted_intents``: the privileged intents switched on in the Developer Portal."""
        self.bot = User(bot_id or snowflake(), bot_name, bot=True)
        self.application_id = application_id or self.bot.id
        self.application_flags = application_flags
        self.granted_intents = granted_intents
        self.owner = User(snowflake(), "app-owner")
        self.users: dict[int, User] = {self.bot.id: self.bot, self.owner.id: self.owner}
        self.guilds: dict[int, Guild] = {}

    def user(self, username: str, *, id: int | None = None, bot: bool = False) -> User:
        user = User(id or snowflake(), username, bot=bot)
        self.users[user.id] = user
        return user

    def guild(
        self,
        name: str,
        *,
        id: int | None = None,
        owner: User | None = None,
        everyone_permissions: int = DEFAULT_EVERYONE,
        bot_permissions: int = ADMINISTRATOR,
        bot_member: bool = True,
    ) -> Guild:
        """A guild with @everyone and the bot already in it (via a managed role).

        ``bot_member=False``: a server the bot was never added to, where members use the app
        they installed to their own account (a user install): no READY or GUILD_CREATE for it,
        interactions authorised by the user (``authorizing_integration_owners`` ``{"1": …}``),
        and the bot's REST calls there refused with 50001 Missing Access."""
        gid = id or snowflake()
        guild = Guild(gid, name, (owner or self.owner).id)
        guild.roles[gid] = Role(gid, "@everyone", everyone_permissions)
        if bot_member:
            bot_role = guild.role(self.bot.username, bot_permissions)
            bot_role.managed = True
            guild.add_member(self.bot, [bot_role])
        if owner is not None:
            guild.add_member(owner)
        self.guilds[gid] = guild
        return guild

    def has_bot(self, guild: Guild) -> bool:
        """Whether the bot is a member (the app is installed to the server, not only to users)."""
        return self.bot.id in guild.members

    def find_channel(self, channel_id: int) -> tuple[Guild, Channel] | None:
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild, guild.channels[channel_id]
        return None

    @classmethod
    def demo(cls) -> StandinWorld:
        """A small ready-made world (used by ``python -m tests.standin``)."""
        world = cls()
        guild = world.guild("Epilogue Test Guild")
        general = guild.text_channel("general")
        guild.thread("spoilers", general)
        mods = guild.role("Moderator", MANAGE_MESSAGES)
        guild.add_member(world.user("alice"), [mods])
        guild.add_member(world.user("bob"))
        return world
