"""Users and members as a Discord after its username migration may describe them.

discord.py requires a user's ``discriminator`` and ``avatar`` and a member's ``flags`` and
``roles``. Discord still sends them all, but its users have had no discriminator since unique
usernames (``"0"``, kept for old clients), ``avatar`` is nullable, and a member's ``flags``
came in 2023: a stand-in modelled on today's users, or written from an older reference,
leaves them out. discord.py then failed the whole event ("skipped a INTERACTION_CREATE
event"): the command, press or Hide as spoiler went unanswered, and a member's message went
unread by the spoiler guard. Epilogue reads none of them; they are filled in with what
Discord sends for a user with none (no roles is the stricter reading of a member).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from discord.state import ConnectionState

USER_DEFAULTS: dict[str, Any] = {"discriminator": "0", "avatar": None}
MEMBER_DEFAULTS: dict[str, Any] = {"flags": 0}

_USER_KEYS = frozenset({"user", "author", "target_user", "owner"})
"""Keys whose object is a user (an embed's ``author`` is not: ``embeds`` are skipped; an
application's ``owner`` is, a server's ``owner`` a flag)."""
_USER_LISTS = frozenset({"mentions", "recipients"})
"""Keys whose list is of users (a message's mentions, a DM's or group DM's people)."""
_CONTAINERS = (dict, list)
_NOT_PEOPLE = frozenset(
    {"embeds", "components", "attachments", "content", "options", "roles", "features"}
)
"""What holds no user or member: not walked (nor an embed's ``author``, which is no user).
``roles`` are ids (a member's, an emoji's) or role objects, ``features`` names: every
keystroke's member and server have both (``docs/performance.md``, ``perfkey15``)."""


def read_people_as_sent(state: ConnectionState) -> None:
    """Complete the people of every gateway event before discord.py's parser reads it
    (READY's own user, a GUILD_CREATE's members, messages, interactions)."""
    parsers = state.parsers
    for event, parse in list(parsers.items()):
        parsers[event] = _completing(parse)


def _completing(parse: Callable[[Any], None]) -> Callable[[Any], None]:
    def parse_completed(data: Any) -> None:
        people_completed(data)
        parse(data)

    return parse_completed


def people_completed(payload: object) -> bool:
    """Fill in, in place, what discord.py requires of every user and member in ``payload``
    (an interaction or a message, with what they nest: ``resolved``, the pressed message,
    mentions, a reply's message, interaction metadata, snapshots); whether any lacked it."""
    # Every keystroke's payload is walked: plain values are passed over before any key is
    # compared (half the walk's CPU).
    changed = False
    if isinstance(payload, list):
        for item in payload:
            if isinstance(item, _CONTAINERS):
                changed = people_completed(item) or changed
        return changed
    if not isinstance(payload, dict):
        return False
    for key, value in payload.items():
        if not isinstance(value, _CONTAINERS) or key in _NOT_PEOPLE:
            continue
        if key in _USER_KEYS:
            changed = _user(value) or changed
        elif key in _USER_LISTS:
            if isinstance(value, list):
                for user in value:
                    changed = _user(user) or changed
        elif key == "member":
            changed = _member(value) or changed
        elif key == "users":
            if isinstance(value, dict):
                for user in value.values():
                    changed = _user(user) or changed
        elif key == "members":
            for member in value.values() if isinstance(value, dict) else value:
                changed = _member(member) or changed
        changed = people_completed(value) or changed
    return changed


def _user(user: object) -> bool:
    # A user named by ``id`` alone (a presence's) is a partial one discord.py reads as such.
    if not isinstance(user, dict) or "username" not in user:
        return False
    return _defaults_set(user, USER_DEFAULTS)


def _member(member: object) -> bool:
    if not isinstance(member, dict):
        return False
    return _defaults_set(member, {**MEMBER_DEFAULTS, "roles": []})


def _defaults_set(found: dict[str, Any], defaults: dict[str, Any]) -> bool:
    missing = [key for key in defaults if key not in found]
    for key in missing:
        found[key] = defaults[key]
    return bool(missing)


def asker_as_member(interaction: dict[str, Any]) -> None:
    """An interaction in a server (``guild_id``) whose asker comes as ``user`` alone, without
    ``member`` (Discord's reference sends ``user`` for DMs; a stand-in modelling an app installed
    to a member's account, or one written from that line, may send it in a server too).
    discord.py then left the interaction's user unset, and the command, press or Hide as
    spoiler failed unanswered. The asker is read as a member of no roles and of permissions
    not sent: worked out from the server as for any member sent without them (never more).
    A ``member`` sent without its ``user`` beside that ``user`` is given it."""
    user = interaction.get("user")
    if interaction.get("guild_id") is None or not isinstance(user, dict):
        return
    member = interaction.get("member")
    if isinstance(member, dict):
        # A member without its user beside the user (discord.py failed on it): theirs.
        member.setdefault("user", user)
        return
    interaction["member"] = {"user": user, "roles": [], "flags": 0, "joined_at": None}
