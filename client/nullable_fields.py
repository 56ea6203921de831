"""Objects Discord describes in part, and nullable fields a serializer leaves out, read as the
partial objects and nulls they are.

The mirror of ``client.null_fields``: a stand-in whose serializer omits every null (pydantic's
``exclude_none``, serde's ``skip_serializing_if``) leaves out fields Discord's reference
requires but allows to be null, and Discord itself names some objects "partial" without
saying which fields they keep. discord.py requires some of those fields, and failed the whole
object they sit in, and with it what holds it:

- a forum's tag without ``emoji_id`` and ``emoji_name`` (a tag with no emoji): the channel,
  and in a GUILD_CREATE the whole server (the bot never held it); a server's soundboard
  sound likewise;
- a message's partial ``application`` (an activity's invite) without ``description`` or its
  nullable ``icon``: the whole message, which the guard never read;
- the ``thread`` a message started without the counts the Channel Object marks optional, or
  its ``parent_id`` (the message's own channel): the whole message;
- ``interaction_metadata`` without its ``user``: read as Discord not saying who invoked the
  answer (``client.message_reading.invoked_by``), not as a message that cannot be read;
- a forward's snapshot without ``edited_timestamp`` (null), ``embeds`` or ``attachments``, a
  reaction without ``me``, a sticker item without ``format_type``: the whole message (from
  REST, the whole page of history the catch-up read).

Only what is missing is filled in; what was sent stands.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

EMOJI_NULLABLES = {"emoji_id": None, "emoji_name": None}
"""A Forum Tag Object's and a Soundboard Sound Object's nullable fields (both null: one
without an emoji)."""
APPLICATION_DEFAULTS: dict[str, Any] = {"name": "", "description": "", "icon": None}
"""What discord.py's ``MessageApplication`` requires of a partial application."""
THREAD_DEFAULTS: dict[str, Any] = {"owner_id": "0", "message_count": 0, "member_count": 0}
"""A thread's counts and owner, optional in the Channel Object and required by discord.py."""
STICKER_ITEM_DEFAULTS: dict[str, Any] = {"format_type": 1}
"""A sticker item's format (required; a minimal stand-in's may leave it out): PNG, the
commonest, which only changes the address discord.py would give its image."""
LISTED_DEFAULTS: dict[str, dict[str, Any]] = {
    # A reaction's ``me`` (required): not reacted, which Epilogue never reads.
    "reactions": {"me": False},
    "sticker_items": STICKER_ITEM_DEFAULTS,
}
"""A message's lists whose items discord.py reads a required field of."""
SNAPSHOT_DEFAULTS: dict[str, Any] = {"type": 0, "content": "", "edited_timestamp": None}
SNAPSHOT_REQUIRED = frozenset({*SNAPSHOT_DEFAULTS, "timestamp"})
SNAPSHOT_LISTS = ("embeds", "attachments")
THREAD_TYPES = frozenset({10, 11, 12})
PUBLIC_THREAD = 11
"""What a thread started from a message is (Discord's ``GUILD_PUBLIC_THREAD``)."""
THREAD_METADATA_DEFAULTS: dict[str, Any] = {"archived": False, "auto_archive_duration": 1440}


def forum_tags_completed(channel: dict[str, Any]) -> bool:
    """Give each of a forum's (a media channel's) tags the emoji fields it left out as null;
    whether one lacked them."""
    return emojis_completed(channel.get("available_tags"))


def emojis_completed(items: object) -> bool:
    """Give each of ``items`` (forum tags, soundboard sounds) the nullable emoji fields it
    left out as null; whether one lacked them."""
    changed = False
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and not EMOJI_NULLABLES.keys() <= item.keys():
            for key, value in EMOJI_NULLABLES.items():
                item.setdefault(key, value)
            changed = True
    return changed


def message_parts_completed(message: dict[str, Any]) -> bool:
    """Complete what ``message`` holds in part (its application, the thread it started, its
    interaction metadata, reactions, sticker items and a forward's snapshots) as discord.py
    requires it; whether anything was."""
    changed = _snapshots_completed(message)
    for key, defaults in LISTED_DEFAULTS.items():
        changed = _each_completed(message.get(key), defaults) or changed
    application = message.get("application")
    if isinstance(application, dict) and not APPLICATION_DEFAULTS.keys() <= application.keys():
        for key, value in APPLICATION_DEFAULTS.items():
            application.setdefault(key, value)
        changed = True
    thread = message.get("thread")
    if isinstance(thread, dict) and thread.get("type", PUBLIC_THREAD) in THREAD_TYPES:
        changed = _thread_completed(thread, message.get("channel_id")) or changed
    metadata = message.get("interaction_metadata")
    if isinstance(metadata, dict) and not isinstance(metadata.get("user"), dict):
        del message["interaction_metadata"]
        changed = True
    return changed


MESSAGE_LISTS = ("components", "mentions", "mention_roles")
"""A message's lists discord.py sets its attributes from only when sent (``components?`` is
optional in Discord's Message Object; the other two a serializer omitting empty lists leaves
out): without them its message has no ``components``, ``mentions`` or ``role_mentions`` at
all, and the guard failed reading it."""


def message_lists_completed(message: dict[str, Any]) -> None:
    """Give ``message`` (a message event's, or one it holds) each of its lists left out, empty.
    Only for what is known to be a message: the gateway's message events and what they hold
    (a REST answer's messages are read defensively instead, ``client.message_reading``)."""
    for key in MESSAGE_LISTS:
        if key not in message:
            message[key] = []


def _snapshots_completed(message: dict[str, Any]) -> bool:
    """A forward's snapshots with what discord.py requires and a serializer that omits null
    and empty fields leaves out (``edited_timestamp`` null, no ``embeds`` or ``attachments``):
    the whole forward failed, its ending read by nobody."""
    changed = False
    for snapshot in message.get("message_snapshots") or ():
        shown = snapshot.get("message") if isinstance(snapshot, dict) else None
        if not isinstance(shown, dict):
            continue
        if not shown.keys() >= SNAPSHOT_REQUIRED:
            for key, value in SNAPSHOT_DEFAULTS.items():
                shown.setdefault(key, value)
            shown.setdefault("timestamp", message.get("timestamp"))
            changed = True
        for key in SNAPSHOT_LISTS:
            if shown.get(key) is None:
                shown[key] = []
                changed = True
        changed = _each_completed(shown.get("sticker_items"), STICKER_ITEM_DEFAULTS) or changed
    return changed


def _each_completed(items: object, defaults: dict[str, Any]) -> bool:
    changed = False
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and not defaults.keys() <= item.keys():
            for key, value in defaults.items():
                item.setdefault(key, value)
            changed = True
    return changed


def _thread_completed(thread: dict[str, Any], channel_id: object) -> bool:
    """A thread started from a message is in the message's channel (its ``parent_id``)."""
    missing = not {"type", *THREAD_DEFAULTS} <= thread.keys()
    thread.setdefault("type", PUBLIC_THREAD)
    for key, value in THREAD_DEFAULTS.items():
        thread.setdefault(key, value)
    if "parent_id" not in thread and channel_id is not None:
        thread["parent_id"] = channel_id
        missing = True
    metadata = thread.get("thread_metadata")
    if not isinstance(metadata, dict):
        metadata = thread["thread_metadata"] = {}
        missing = True
    if "archive_timestamp" not in metadata:
        # Unknown: the thread's creation, as Discord gives an unarchived thread's.
        metadata["archive_timestamp"] = _created_at(thread.get("id"))
        missing = True
    for key, value in THREAD_METADATA_DEFAULTS.items():
        if key not in metadata:
            metadata[key] = value
            missing = True
    return missing


DISCORD_EPOCH_MS = 1420070400000


def _created_at(snowflake: object) -> str:
    """When the snowflake ``snowflake`` was made, as Discord writes times (the epoch if it is
    none)."""
    try:
        ms = (int(str(snowflake)) >> 22) + DISCORD_EPOCH_MS
    except ValueError:
        ms = DISCORD_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat()
