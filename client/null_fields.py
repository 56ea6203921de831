"""An interaction's optional fields sent as ``null``, read as Discord sends them: left out.

Discord's reference marks most of an interaction's fields optional (``guild_id?``,
``member?``, ``message?``, ``entitlements``' and ``context``'s kin) and none of them nullable:
Discord leaves out what does not apply. A stand-in that serializes every field of its
interaction type, set or not, sends ``null`` there instead, and discord.py, which reads an
absent field as absent, read the ``null`` as a value: ``Member(None)``, ``None.items()``, and
the whole interaction went unanswered ("skipped a INTERACTION_CREATE event").
"""

from __future__ import annotations

from typing import Any

from client.nullable_fields import emojis_completed, forum_tags_completed

INTERACTION_OPTIONALS = frozenset(
    {
        *("guild", "guild_id", "channel", "channel_id", "member", "user", "message"),
        *("app_permissions", "locale", "guild_locale", "entitlements", "context"),
        *("authorizing_integration_owners", "entitlement_sku_ids"),
    }
)
"""Fields of an interaction Discord's reference marks optional and never null."""

DATA_OPTIONALS = frozenset(
    {"resolved", "options", "guild_id", "target_id", "values", "components", "custom_id"}
)
"""Fields of an interaction's ``data`` (of every kind) marked optional and never null."""


def nulls_left_out(interaction: dict[str, Any]) -> None:
    """Leave out each optional field of ``interaction`` (and of its ``data``) sent as null."""
    _drop_nulls(interaction, INTERACTION_OPTIONALS)
    data = interaction.get("data")
    if isinstance(data, dict):
        _drop_nulls(data, DATA_OPTIONALS)
        focused_text_filled(data.get("options"))
        resolved_nulls_left_out(data.get("resolved"))


def resolved_nulls_left_out(resolved: object) -> None:
    """Leave out each optional field sent as null of what ``data.resolved`` describes: its
    roles, members, channels and files (its messages are read as any message,
    ``client.bot._complete_target``). discord.py read a role's ``"tags": null`` as tags, and
    the command was never answered."""
    if not isinstance(resolved, dict):
        return
    for kind, optional in RESOLVED_OPTIONALS.items():
        found = resolved.get(kind)
        for item in found.values() if isinstance(found, dict) else ():
            if isinstance(item, dict):
                _dropped_nulls(item, optional)
    channels = resolved.get("channels")
    for channel in channels.values() if isinstance(channels, dict) else ():
        channel_nulls_left_out(channel)


def focused_text_filled(options: object) -> None:
    """The option a member is typing into, sent with ``"value": null`` (or without ``value``)
    while nothing is typed (Discord sends ``""``), read as the empty text it is, in
    subcommands too: discord.py hands the ``None`` to the autocomplete, and the film search
    failed on it (no choices at all)."""
    if not isinstance(options, list):
        return
    for option in options:
        if not isinstance(option, dict):
            continue
        if option.get("focused") and option.get("value") is None:
            option["value"] = ""  # null, or left out by a serializer that omits nulls
        focused_text_filled(option.get("options"))


def _drop_nulls(found: dict[str, Any], optional: frozenset[str]) -> None:
    for key in [key for key in optional if key in found and found[key] is None]:
        del found[key]


def server_nulls_left_out(guild: object) -> None:
    """Leave out every field of a GUILD_CREATE sent as null, and each optional field of its
    roles, channels, threads, members and emojis. Discord leaves out what it does not send
    (``channels``, ``members``, ``roles``, ... are lists, never null; a role's ``tags?``, a
    thread's ``member?``), and discord.py reads each field with a default for when it is
    absent, or as nullable: a list sent null, or a role's ``"tags": null`` (a stand-in
    serializing every field of its role type sends it on every role), failed the whole event,
    and the bot never held the server. So did a member without its ``user``: left out."""
    if not isinstance(guild, dict):
        return
    for key in [key for key, value in guild.items() if value is None]:
        del guild[key]
    members = guild.get("members")
    if isinstance(members, list) and not all(_names_its_user(m) for m in members):
        # A member naming no user names nobody: discord.py failed the whole server on it.
        guild["members"] = [member for member in members if _names_its_user(member)]
    emojis_completed(guild.get("soundboard_sounds"))  # as a forum's tags (below)
    for key, optional in SERVER_LISTS_OPTIONALS.items():
        for item in guild.get(key) or ():
            if isinstance(item, dict):
                _dropped_nulls(item, optional)
    for key in ("channels", "threads"):
        for channel in guild.get(key) or ():
            channel_nulls_left_out(channel)


def _names_its_user(member: object) -> bool:
    return isinstance(member, dict) and isinstance(member.get("user"), dict)


CHANNEL_OPTIONALS = frozenset(
    {
        *("guild_id", "position", "permission_overwrites", "name", "topic", "nsfw"),
        *("last_message_id", "bitrate", "user_limit", "rate_limit_per_user", "recipients"),
        *("icon", "owner_id", "application_id", "managed", "parent_id", "last_pin_timestamp"),
        *("rtc_region", "video_quality_mode", "message_count", "member_count"),
        *("thread_metadata", "member", "default_auto_archive_duration", "permissions"),
        *("flags", "total_message_sent", "available_tags", "applied_tags"),
        *("default_reaction_emoji", "default_thread_rate_limit_per_user"),
        *("default_sort_order", "default_forum_layout"),
    }
)
"""A channel's (a thread's) optional fields in Discord's Channel Object. Those discord.py
requires (a thread's counts, a voice channel's ``bitrate``) are filled in after
(``client.bot._complete_channel``)."""
THREAD_METADATA_OPTIONALS = frozenset({"invitable", "create_timestamp"})


def channel_nulls_left_out(channel: object) -> None:
    """Leave out each optional field of ``channel`` sent as null: discord.py iterated a null
    ``permission_overwrites``, ``available_tags`` or ``applied_tags`` and read a null thread
    ``member`` as one, and failed the channel (in a GUILD_CREATE, the whole server). A forum's
    tags without their nullable emoji fields failed it likewise: given them as null."""
    if not isinstance(channel, dict):
        return
    _dropped_nulls(channel, CHANNEL_OPTIONALS)
    metadata = channel.get("thread_metadata")
    if isinstance(metadata, dict):
        _dropped_nulls(metadata, THREAD_METADATA_OPTIONALS)
    # And the other way round: a forum's tag with its null emoji fields left out, which
    # discord.py requires (``client.nullable_fields``).
    forum_tags_completed(channel)


SERVER_LISTS_OPTIONALS = {
    "roles": frozenset({"icon", "unicode_emoji", "tags"}),
    "members": frozenset(
        {
            *("nick", "avatar", "banner", "premium_since", "pending", "permissions"),
            *("communication_disabled_until", "avatar_decoration_data"),
        }
    ),
    "emojis": frozenset({"roles", "user", "require_colons", "managed", "animated", "available"}),
}
"""Optional fields of a GUILD_CREATE's roles, members and emojis (Discord's Role, Guild
Member and Emoji objects): a role's ``"tags": null`` or an emoji's ``"roles": null`` failed
discord.py's whole server. Not a sticker's: its ``description`` is nullable and required."""


MESSAGE_OPTIONALS = frozenset(
    {
        *("member", "nonce", "activity", "application", "message_reference"),
        *("message_snapshots", "flags", "interaction_metadata", "interaction", "thread"),
        *("components", "sticker_items", "stickers", "position", "role_subscription_data"),
        *("resolved", "poll", "call", "reactions", "mention_channels"),
    }
)
"""Fields of a message Discord's reference marks optional and never null. Not
``referenced_message``: its null says the message replied to was deleted."""


def message_nulls_left_out(message: object) -> None:
    """Leave out each optional field of a message sent as null: discord.py read a null
    ``member`` or ``components`` as a value and failed the whole message, and the guard never
    read it (MESSAGE_CREATE, MESSAGE_UPDATE, an interaction's message)."""
    if isinstance(message, dict):
        _drop_nulls(message, MESSAGE_OPTIONALS)


def reference_channel_filled(message: object) -> None:
    """Give a message's ``message_reference`` without ``channel_id`` the message's own channel.

    Discord's reference says ``channel_id`` is always there on receipt; discord.py requires it
    and failed the whole message without it (a member's reply never read by the guard, a
    pressed follow-up's page not turned in place). A reply answers a message in its own
    channel, so that is the channel named; a forward's source may be elsewhere, but Epilogue
    reads a forward by its snapshots, never by its reference (``client.message_reading``)."""
    if not isinstance(message, dict):
        return
    reference = message.get("message_reference")
    channel_id = message.get("channel_id")
    if isinstance(reference, dict) and reference.get("channel_id") is None and channel_id:
        reference["channel_id"] = channel_id


EMBED_OPTIONALS = frozenset(
    {
        *("title", "type", "description", "url", "timestamp", "color"),
        *("footer", "image", "thumbnail", "video", "provider", "author", "fields"),
    }
)
"""An embed's fields: every one optional in Discord's Embed Object, none nullable."""


def embed_nulls_left_out(embeds: object) -> bool:
    """Leave out each field of each embed sent as null; whether one was. discord.py read an
    embed's ``"color": null`` as a colour and failed the whole message (a link preview's
    member went unread by the guard; a pressed message's press unanswered), and a ``null``
    ``footer``, ``author``, ``image`` or ``fields`` failed reading the preview's text."""
    changed = False
    for embed in embeds if isinstance(embeds, list) else ():
        if isinstance(embed, dict):
            changed = _dropped_nulls(embed, EMBED_OPTIONALS) or changed
    return changed


COMPONENT_OPTIONALS = frozenset(
    {
        *("id", "emoji", "sku_id", "url", "disabled", "placeholder", "min_values"),
        *("max_values", "required", "default_values", "channel_types", "description"),
        *("spoiler", "divider", "spacing", "accent_color"),
    }
)
"""A message component's fields optional in Discord's component reference for every type
that has them (a button's ``emoji?``, ``sku_id?``, ``url?``; a select's
``default_values?``, ``channel_types?``; a thumbnail's ``description?``; a container's
``accent_color?``). Not ``label`` or ``custom_id``, which some types require: discord.py
reads those sent as null as it reads them left out, or as a text of none."""
OPTION_OPTIONALS = frozenset({"description", "emoji", "default"})
"""A select option's optional fields (its ``label`` and ``value`` are required)."""


def component_nulls_left_out(components: object) -> bool:
    """Leave out each optional field sent as null in ``components`` (a message's, nested in
    rows, containers and sections, and their select options and gallery items); whether one
    was. discord.py read a button's ``"emoji": null`` or ``"sku_id": null`` (a stand-in
    serializing every field of its button type sends both on every button) as values and
    failed the whole message: each press on Epilogue's own buttons went unanswered, a
    member's forward of an app's message unread by the guard."""
    changed = False
    for component in components if isinstance(components, list) else ():
        if not isinstance(component, dict):
            continue
        changed = _dropped_nulls(component, COMPONENT_OPTIONALS) or changed
        for option in component.get("options") or ():
            if isinstance(option, dict):
                changed = _dropped_nulls(option, OPTION_OPTIONALS) or changed
        for item in component.get("items") or ():
            if isinstance(item, dict):
                changed = _dropped_nulls(item, COMPONENT_OPTIONALS) or changed
        changed = component_nulls_left_out(component.get("components")) or changed
        accessory = component.get("accessory")
        changed = component_nulls_left_out([accessory] if accessory else None) or changed
    return changed


ATTACHMENT_OPTIONALS = frozenset(
    {
        *("title", "description", "content_type", "height", "width", "ephemeral"),
        *("duration_secs", "waveform", "flags", "placeholder", "placeholder_version"),
    }
)
"""An attachment's optional fields (``flags?``: discord.py read a null one as flags, and
telling whether the file is a spoiler failed)."""
METADATA_OPTIONALS = frozenset(
    {
        *("original_response_message_id", "target_user", "target_message_id", "name"),
        *("interacted_message_id", "triggering_interaction_metadata", "command_type"),
    }
)
"""A Message Interaction Metadata Object's optional fields: discord.py read a null one as a
value and failed the whole message (a press on an answer Epilogue posted unanswered)."""


def nested_nulls_left_out(message: object) -> bool:
    """Leave out the optional fields sent as null of the objects ``message`` holds: its
    embeds, components, files and interaction metadata (the message's own fields are
    ``message_nulls_left_out``'s); whether one was."""
    if not isinstance(message, dict):
        return False
    changed = embed_nulls_left_out(message.get("embeds"))
    changed = component_nulls_left_out(message.get("components")) or changed
    for file in message.get("attachments") or ():
        if isinstance(file, dict):
            changed = _dropped_nulls(file, ATTACHMENT_OPTIONALS) or changed
    metadata = message.get("interaction_metadata")
    while isinstance(metadata, dict):
        changed = _dropped_nulls(metadata, METADATA_OPTIONALS) or changed
        metadata = metadata.get("triggering_interaction_metadata")
    return changed


def _dropped_nulls(found: dict[str, Any], optional: frozenset[str]) -> bool:
    if None not in found.values():
        return False  # the common case, told by one scan in C
    nulls = [key for key in optional if key in found and found[key] is None]
    for key in nulls:
        del found[key]
    return bool(nulls)


RESOLVED_OPTIONALS = {
    "roles": SERVER_LISTS_OPTIONALS["roles"],
    "members": SERVER_LISTS_OPTIONALS["members"],
    "attachments": ATTACHMENT_OPTIONALS,
}
"""What ``data.resolved`` holds by kind, with its optional fields (channels:
``CHANNEL_OPTIONALS``)."""
