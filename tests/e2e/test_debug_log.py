"""``logging.level: DEBUG`` (an operator chasing a problem) writes no spoiler into the log.

The operator's log names a hide by its film and counts, never a member's words nor an ending
(README, "Who sees what"). At DEBUG, libraries under the bot log what they carry: discord.py
every request's body (an opted-in member's private, unwrapped ending) and every gateway event
(a member's message), aiosqlite every statement's values (a hidden message's record).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from client import runner
from tests.e2e.harness import LA_LA_LAND, FilmClub, behind_bars, shown
from tests.standin import StandinServer

SPOILER = "Mia marries someone else, and five years later they meet again in his jazz club"


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The log ``epilogue run`` writes at DEBUG, captured; every logger's level put back after."""
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    runner.set_up_logging("DEBUG")
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("guarded_bot")
async def test_a_debug_log_holds_no_ending_and_no_members_spoiler(
    standin: StandinServer, people: FilmClub, debug_log: pytest.LogCaptureFixture
) -> None:
    await standin.run_command(
        f"/spoilers seen film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    ending = await standin.run_command(
        f"/film ending film:{LA_LA_LAND}", user=people.member, channel=people.general
    )
    said = await standin.member_says(SPOILER, user=people.friend, channel=people.general)
    hidden = await standin.run_message_command("Hide as spoiler", said, user=people.friend)

    assert ending.message.ephemeral and "married" in shown(ending.message)
    assert "Nothing was lost" in hidden.message.content, hidden.message.content
    assert any("marries" in behind_bars(m) for m in standin.messages_in(people.general))
    assert any(r.levelno == logging.DEBUG for r in debug_log.records), "DEBUG lines are written"
    logged = "\n".join(record.getMessage() for record in debug_log.records)
    assert "married" not in logged and "marries" not in logged
