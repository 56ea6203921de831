"""What the guard's memory of messages naming no film holds (``bot.features.spoiler.follow_ups``).

``uv run python -m benchmarks.follow_ups_memory``: 20,000 messages naming no film, sent within
two minutes across 50 channels by 300 members, each noted as arrived and kept to be read again
(``FollowUps.unnamed``); prints the memory held after them (``tracemalloc``) and the CPU each
costs, for short and long messages.
"""

from __future__ import annotations

import time
import tracemalloc
from functools import partial

from bot.features.spoiler.follow_ups import FollowUps
from bot.features.spoiler.member_message import MemberMessage

MESSAGES = 20_000


async def _read_again(message: MemberMessage, films: object) -> None:
    return None


def _messages(size: int) -> list[MemberMessage]:
    words = ("word " * (size // 5))[:size]
    return [
        MemberMessage(
            id=10**17 + i,
            guild_id=1,
            channel_id=1000 + i % 50,
            author_id=5000 + i % 300,
            author_name="mia",
            content=f"{words} <#{10**17 + 7}> {i}",
        )
        for i in range(MESSAGES)
    ]


def _keep(follow_ups: FollowUps, messages: list[MemberMessage]) -> None:
    for message in messages:
        follow_ups.arrived(1, message.channel_id, message.author_id, message.id).settle()
        follow_ups.unnamed(message, partial(_read_again, message))


def main() -> None:
    for size in (100, 2000):
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        kept = FollowUps()
        _keep(kept, _messages(size))  # each message then held by what keeps it alone
        held = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
        del kept
        messages = _messages(size)
        started = time.perf_counter()
        _keep(FollowUps(), messages)
        each = (time.perf_counter() - started) / MESSAGES
        print(
            f"{MESSAGES} messages of {size} characters naming no film: {held / 1e6:.1f} MB held,"
            f" {each * 1e6:.1f} us each"
        )


if __name__ == "__main__":
    main()
