"""Discord's timestamps read as UTC when written without an offset.

Discord's reference types them "ISO8601 timestamp" and Discord writes each with ``+00:00``;
ISO 8601 also allows a time with no zone, which is what Python's
``datetime.utcnow().isoformat()`` writes ("2026-12-06T17:46:09.123456"), the commonest way a
stand-in written in Python makes one. discord.py reads every timestamp with
``discord.utils.parse_time`` (``fromisoformat``) and compares or subtracts it with its own
aware ``utcnow()``: a member's timeout so written failed every permission check
(``can't compare offset-naive and offset-aware datetimes``: each command of a timed-out
member answered 'Something went wrong'), and a poll's ``expiry`` so written failed the whole
MESSAGE_CREATE, so the guard never read a poll giving the ending away. Read as the UTC time
Discord's times are, everywhere discord.py reads one (gateway events, REST answers,
interactions): its ``parse_time``, and each module that imported it by name, are given the one
below, once. ``tests/client/test_timestamps.py`` fails if discord.py stops reading its
timestamps there.
"""

from __future__ import annotations

import datetime as dt
import sys

import discord.utils


def parse_time(timestamp: str | None) -> dt.datetime | None:
    """discord.py's ``parse_time``, a time without an offset read as UTC, and RFC 3339's
    lower-case ``t`` and ``z`` (which ``fromisoformat`` refuses) read as upper case."""
    if not timestamp:
        return None
    try:
        parsed = dt.datetime.fromisoformat(timestamp)
    except ValueError:
        parsed = dt.datetime.fromisoformat(timestamp.upper())
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def read_timestamps_as_utc() -> None:
    """Give discord.py (``discord.utils`` and every ``discord.*`` module holding its own
    reference) :func:`parse_time` in place of its own; a second call changes nothing."""
    original = discord.utils.parse_time
    if original is parse_time:
        return
    for name, module in list(sys.modules.items()):
        if (name == "discord" or name.startswith("discord.")) and getattr(
            module, "parse_time", None
        ) is original:
            module.parse_time = parse_time  # type: ignore[attr-defined]
