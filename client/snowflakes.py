"""An interaction's ids as discord.py looks them up: as the strings Discord's reference sends.

discord.py reads most ids with ``int()``, whatever their JSON type, but finds what an
interaction resolved (``data.resolved``, whose keys JSON makes strings) by the id as sent: a
message command's ``target_id``, a user, channel, role, mentionable or attachment option's
``value``, a user, role, mentionable or channel select's ``values``. Sent as JSON numbers (a
stand-in that keeps ids as integers), nothing was found: "This should not happen if Discord
sent well-formed data", and Hide as spoiler failed for every message.
"""

from __future__ import annotations

from typing import Any

SNOWFLAKE_OPTIONS = frozenset({6, 7, 8, 9, 11})
"""Option types whose value is a snowflake: user, channel, role, mentionable, attachment."""

SNOWFLAKE_SELECTS = frozenset({5, 6, 7, 8})
"""Component types whose values are snowflakes: user, role, mentionable and channel selects."""


def resolved_ids_as_strings(data: object) -> None:
    """Give the ids of an interaction's ``data`` that name what it resolved as strings."""
    if not isinstance(data, dict):
        return
    if isinstance(data.get("target_id"), int):
        data["target_id"] = str(data["target_id"])
    _option_values_as_strings(data.get("options"))
    if data.get("component_type") in SNOWFLAKE_SELECTS and isinstance(data.get("values"), list):
        data["values"] = [_as_string(value) for value in data["values"]]


def _option_values_as_strings(options: object) -> None:
    """Options nest under a subcommand (group): each level is read."""
    if not isinstance(options, list):
        return
    for option in options:
        if not isinstance(option, dict):
            continue
        if option.get("type") in SNOWFLAKE_OPTIONS:
            option["value"] = _as_string(option.get("value"))
        _option_values_as_strings(option.get("options"))


def _as_string(value: Any) -> Any:
    # bool is an int too, and no snowflake.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value
