"""Discord's timestamps without an offset read as UTC (``client.timestamps``), where
discord.py reads them: a member's timeout, a poll's end, a thread's archive time."""

from __future__ import annotations

import datetime as dt
import inspect

import discord
import discord.member
import discord.poll
import discord.threads

from client.timestamps import parse_time, read_timestamps_as_utc


def test_a_time_without_an_offset_is_utc_and_one_with_it_stands() -> None:
    assert parse_time("2026-12-06T17:46:09.123456") == dt.datetime(
        2026, 12, 6, 17, 46, 9, 123456, tzinfo=dt.UTC
    )
    plus_two = parse_time("2026-12-06T19:46:09+02:00")
    assert plus_two == dt.datetime(2026, 12, 6, 17, 46, 9, tzinfo=dt.UTC)
    assert plus_two is not None and plus_two.utcoffset() == dt.timedelta(hours=2)
    assert parse_time(None) is None and parse_time("") is None


def test_rfc_3339s_lower_case_letters_are_read_as_its_upper_case() -> None:
    """RFC 3339, the ISO 8601 profile the web writes, allows ``t`` and ``z`` in lower case;
    Python's ``fromisoformat`` refused them, and a refused time fails the whole event."""
    expected = dt.datetime(2026, 12, 6, 17, 46, 9, 120000, tzinfo=dt.UTC)
    for written in ("2026-12-06t17:46:09.12z", "2026-12-06T17:46:09.12z", "2026-12-06t17:46:09.12"):
        assert parse_time(written) == expected, written


def test_discord_py_reads_its_timestamps_with_the_utc_reading() -> None:
    """Once installed, every module that reads a timestamp reads it so; and discord.py still
    reads a timeout, a poll's end and a thread's times through ``parse_time`` (this fails if
    it stops, and the reading would no longer reach them)."""
    read_timestamps_as_utc()
    read_timestamps_as_utc()  # a second bot in the process: nothing changes

    for module in (discord.utils, discord.threads):
        assert module.parse_time is parse_time
    assert "utils.parse_time(data.get('communication_disabled_until'))" in inspect.getsource(
        discord.member.Member
    )
    assert "utils.parse_time(data['expiry'])" in inspect.getsource(discord.poll.Poll)
    assert "parse_time(data['archive_timestamp'])" in inspect.getsource(discord.threads.Thread)
