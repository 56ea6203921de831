"""Gateway events naming an id no Discord payload holds, skipped before anything reads them.

Discord's ids are unsigned 64-bit numbers that stay below 2**63 until about 2084, and both
databases store them as signed 64-bit integers (``bot.invocation.stored_id``). An event naming a
larger or a negative one (a stand-in numbering its own way, a forged payload) reached the spoiler
guard, whose reads and writes by it crashed: SQLite's driver raised OverflowError, asyncpg
"value out of int64 range", each a traceback in the log. The core refuses such ids in commands,
buttons and forms, where a member is told (``Invocation.foreign_id``); a gateway event has nobody
to tell, so it is skipped whole, in one log line, at the parsers table every event passes
through, whichever listener would have read it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from bot.invocation import STORED_ID_MAX, stored_id

if TYPE_CHECKING:
    from discord.state import ConnectionState

log = logging.getLogger(__name__)

UNCHECKED_EVENTS = frozenset({"READY", "RESUMED"})
"""The connection's own state: failing there is failing to connect."""

INTERACTION = "INTERACTION_CREATE"
"""An interaction has someone to answer, and is refused where it is answered (the core, and
``client.tree.EpilogueTree.interaction_check`` for autocomplete), unless discord.py cannot read
it at all: a member's role past an unsigned 64-bit integer, or negative, fails discord.py's
``Member`` (its roles are an array of unsigned 64-bit numbers), with a traceback and no answer
whatever Epilogue does."""

UNSIGNED_MAX = 2**64 - 1

NOT_SNOWFLAKES = frozenset({"custom_id", "session_id", "nonce", "activities"})
"""Keys that look like ids but hold anyone's text: a component's ``custom_id`` (another bot's
may be all digits), a voice ``session_id``, a message's ``nonce``, activities' ``party.id``."""

ID_LISTS = frozenset({"roles", "mention_roles", "applied_tags"})
"""Keys whose lists are ids themselves (a member's roles), not objects holding them."""

LONGEST_ID = len(str(STORED_ID_MAX))


def foreign_ids(data: Any, path: str = "") -> Iterator[tuple[str, object]]:
    """Where in ``data`` (a gateway event's payload) an id is named that Discord gives none of,
    and the id as sent: a key ``id``, ``…_id``, ``…_ids`` or a list of ids (``ID_LISTS``)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str) or key in NOT_SNOWFLAKES:
                continue
            where = f"{path}.{key}" if path else key
            names_ids = key.endswith("_ids") or key in ID_LISTS
            if key == "id" or key.endswith("_id"):
                if not _discords(value):
                    yield where, value
            elif names_ids and isinstance(value, list):
                for index, item in enumerate(value):
                    if not isinstance(item, dict) and not _discords(item):
                        yield f"{where}[{index}]", item
            if isinstance(value, (dict, list)):
                yield from foreign_ids(value, where)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, (dict, list)):
                yield from foreign_ids(item, f"{path}[{index}]")


def _discords(value: object) -> bool:
    """Whether ``value`` may be one of Discord's ids: anything but a whole number out of range
    (a text that is no number, or null, is left to discord.py to read or report)."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return stored_id(value)
    if isinstance(value, str):
        digits = value.removeprefix("-")
        if not digits.isascii() or not digits.isdigit():
            return True
        # Before int(): a long text of digits is past any id, and reading it costs its length.
        return value == digits and len(digits) <= LONGEST_ID and stored_id(int(digits))
    return True


def refuse_foreign_ids(state: ConnectionState) -> None:
    """Skip, in one log line, every gateway event naming an id Discord gives none of. Wraps
    each parser outermost: install it after every other wrapper of the parsers table."""
    parsers = state.parsers
    for event, parse in list(parsers.items()):
        if event not in UNCHECKED_EVENTS:
            parsers[event] = _checked(event, parse)


def unreadable_ids(data: Any) -> Iterator[tuple[str, object]]:
    """The ids of an interaction's payload that discord.py cannot read (``INTERACTION``): its
    member's roles out of an unsigned 64-bit integer's range."""
    member = data.get("member") if isinstance(data, dict) else None
    roles = member.get("roles") if isinstance(member, dict) else None
    if not isinstance(roles, list):
        return
    # Only ``member.roles`` is read, not the whole member as ``foreign_ids`` walks it: every
    # keystroke passes here (``docs/performance.md``, ``perfkey15``).
    for index, item in enumerate(roles):  # the ids themselves first, as ``foreign_ids``
        if not isinstance(item, dict) and not _discords(item) and not _unsigned(item):
            yield f"member.roles[{index}]", item
    for index, item in enumerate(roles):  # then any objects among them
        if isinstance(item, (dict, list)):
            for where, value in foreign_ids(item, f"member.roles[{index}]"):
                if not _unsigned(value):
                    yield where, value


def _unsigned(value: object) -> bool:
    try:
        return 0 <= int(value) <= UNSIGNED_MAX  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return True  # no number: discord.py's to report


def _checked(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    find = unreadable_ids if event == INTERACTION else foreign_ids

    def parse_if_discords(data: Any) -> None:
        foreign = next(find(data), None)
        if foreign is None:
            parse(data)
            return
        where, value = foreign
        log.warning(
            "skipped a %s event: its %s is %r, no Discord id (ids run from 0 to 2^63 - 1);"
            " it did not come from Discord as sent",
            event,
            where,
            value,
        )

    return parse_if_discords
