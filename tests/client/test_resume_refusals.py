"""A RESUME refused by a close starts a new session (``client.resume_refusals``)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from discord.client import Client
from discord.gateway import DiscordWebSocket, ReconnectWebSocket

from client.resume_refusals import REFUSALS_BEFORE_A_NEW_SESSION, ResumeRefusals


class Socket:
    """discord.py's gateway socket as far as the watch reads it: closed with ``code``, having
    read ``events`` events since it was opened to resume ``session_id``."""

    def __init__(self, code: int, *, events: int = 0, session_id: str | None = "s") -> None:
        self.session_id, self.sequence, self.shard_id = session_id, 41, None
        self._close_code = None
        self.socket = type("Closed", (), {"close_code": code})()
        self.events = events

    async def resume(self) -> None:
        pass

    async def identify(self) -> None:
        pass

    async def poll_event(self) -> None:
        self.sequence += self.events
        raise ReconnectWebSocket(self.shard_id)


async def _next_try_resumes(refusals: ResumeRefusals, socket: Any) -> bool:
    """Whether discord.py, having opened ``socket`` and sent what it does (a RESUME with a
    session, else an IDENTIFY), is told to RESUME once it closes."""
    refusals.watch(socket)
    await (socket.resume() if socket.session_id is not None else socket.identify())
    with pytest.raises(ReconnectWebSocket) as reconnect:
        await socket.poll_event()
    return reconnect.value.resume


@pytest.mark.parametrize("code", [4007, 4009])
async def test_a_resume_closed_to_start_a_new_session_identifies_at_once(code: int) -> None:
    assert not await _next_try_resumes(ResumeRefusals(), Socket(code))


async def test_a_resume_refused_by_any_close_identifies_after_a_few() -> None:
    refusals = ResumeRefusals()
    tries = [await _next_try_resumes(refusals, Socket(4000)) for _ in range(4)]

    assert tries == [True] * (REFUSALS_BEFORE_A_NEW_SESSION - 1) + [False, True]


async def test_a_session_that_resumed_or_began_is_resumed_when_dropped() -> None:
    """Events came after the RESUME (it was taken) or after an IDENTIFY: a close is resumed,
    as discord.py does, and the refusals in a row start again."""
    refusals = ResumeRefusals()
    assert await _next_try_resumes(refusals, Socket(4000))
    assert await _next_try_resumes(refusals, Socket(4009, events=2))
    assert await _next_try_resumes(refusals, Socket(4009, events=1, session_id=None))
    assert refusals.in_a_row == {None: 0}


async def test_a_connection_closed_before_its_session_began_identifies() -> None:
    """No session to resume (an IDENTIFY answered with op 7, or closed before READY):
    discord.py would send a RESUME of none."""
    assert not await _next_try_resumes(ResumeRefusals(), Socket(4000, session_id=None))


def test_discord_py_polls_each_socket_through_its_poll_event_and_reads_resume() -> None:
    """What the watch relies on: ``Client.connect`` polls ``self.ws.poll_event()`` (the
    socket's own attribute, where the watch is) and reads the reconnect's ``resume``; a socket
    is given its session before ``_update_references``."""
    connect = inspect.getsource(Client.connect)
    assert "await self.ws.poll_event()" in connect and "resume=e.resume" in connect
    opened = inspect.getsource(DiscordWebSocket.from_client)
    assert opened.index("ws.session_id = session") < opened.index("_update_references(ws)")
    assert opened.index("_update_references(ws)") < opened.index("await ws.identify()")
    assert opened.index("await ws.identify()") < opened.index("await ws.resume()")
