"""``stop_serving``: a test's ``epilogue run`` loop ends with the test, whenever it failed.

A test that failed before the loop it started had made its client closed none, and the client
made next ran on past the test: its shards reconnected to a stand-in that was gone, discord.py
took the event loop's closing cancel for a failed reconnect, and the worker hung for good
(``OSError: cannot send`` at the end of the run). Plain clients here: the loop's handling of
clients is what is tested, not discord.py.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Coroutine

import pytest

from tests.e2e.harness import stop_serving
from tests.support.timing import scaled


class Client:
    """What ``stop_serving`` uses of a client: whether it is closed, and closing it."""

    def __init__(self) -> None:
        self.closed = asyncio.Event()

    def is_closed(self) -> bool:
        return self.closed.is_set()

    async def close(self) -> None:
        self.closed.set()


def serving(
    run: Callable[[list[Client]], Coroutine[None, None, int]],
) -> tuple[asyncio.Task[int], list[Client]]:
    """``run`` as ``epilogue run``'s loop in a task, each client it makes in the list."""
    clients: list[Client] = []
    return asyncio.create_task(run(clients)), clients


async def test_a_client_made_after_the_stop_began_is_closed_too() -> None:
    """Stopped before the loop ran (a test failing at once): its first client, then the one a
    4011 makes, are closed as they come, and its exit code is given."""

    async def run(clients: list[Client]) -> int:
        for _ in range(2):  # the plain client, then the sharded one
            await asyncio.sleep(0.01)
            client = Client()
            clients.append(client)
            await client.closed.wait()
        return 0

    task, clients = serving(run)

    assert await stop_serving(task, clients) == 0
    assert len(clients) == 2 and all(client.is_closed() for client in clients)


async def test_a_loop_that_does_not_stop_fails_the_test_saying_so_and_is_cancelled() -> None:
    async def run(clients: list[Client]) -> int:
        clients.append(Client())
        await asyncio.Event().wait()  # closed or not, it never returns
        return 0

    task, clients = serving(run)

    # The wait is the harness's, scaled on a busy runner (EPILOGUE_TEST_TIME_SCALE).
    said = re.escape(f"did not stop within {scaled(0.2)} s of its 1 client")
    with pytest.raises(AssertionError, match=said):
        await stop_serving(task, clients, within=0.2)
    assert task.cancelled()
