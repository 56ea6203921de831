"""client.heartbeats: a connection's keep-alive takes a zombie for one once it was acknowledged."""

from __future__ import annotations

from typing import Any

from discord.gateway import KeepAliveHandler

from client.heartbeats import SLACK_S, ZOMBIE_AFTER_BEATS, watch


class Socket:
    """A socket as discord.py's: HELLO makes its keep-alive, ACKs call its ``ack``."""

    def __init__(self) -> None:
        self.thread_id = 0
        self._max_heartbeat_timeout = 60.0
        self._keep_alive: KeepAliveHandler | None = None

    async def received_message(self, msg: Any, /) -> None:
        if msg["op"] == 10:
            interval = msg["d"]["heartbeat_interval"] / 1000
            self._keep_alive = KeepAliveHandler(ws=self, interval=interval)  # type: ignore[arg-type]
        elif msg["op"] == 11 and self._keep_alive is not None:
            self._keep_alive.ack()


def hello(interval_ms: int) -> dict[str, Any]:
    return {"op": 10, "d": {"heartbeat_interval": interval_ms}}


ACK = {"op": 11, "d": None}


async def test_an_acknowledged_connection_is_a_zombie_after_a_few_silent_beats() -> None:
    ws = Socket()
    watch(ws)
    await ws.received_message(hello(100))
    assert ws._keep_alive is not None and ws._keep_alive.heartbeat_timeout == 60.0
    await ws.received_message(ACK)
    assert ws._keep_alive.heartbeat_timeout == ZOMBIE_AFTER_BEATS * 0.1 + SLACK_S
    await ws.received_message(ACK)  # the rule is set once
    assert ws._keep_alive.heartbeat_timeout == ZOMBIE_AFTER_BEATS * 0.1 + SLACK_S


async def test_a_gateway_that_never_acknowledges_keeps_discord_pys_minute() -> None:
    ws = Socket()
    watch(ws)
    await ws.received_message(hello(100))
    await ws.received_message({"op": 0, "t": "GUILD_CREATE", "s": 1, "d": {}})
    assert ws._keep_alive is not None and ws._keep_alive.heartbeat_timeout == 60.0


async def test_discords_own_interval_keeps_the_minute_when_it_is_sooner() -> None:
    ws = Socket()
    watch(ws)
    await ws.received_message(hello(41250))
    await ws.received_message(ACK)
    assert ws._keep_alive is not None and ws._keep_alive.heartbeat_timeout == 60.0


async def test_each_new_keep_alive_of_a_socket_is_watched() -> None:
    ws = Socket()
    watch(ws)
    await ws.received_message(hello(100))
    await ws.received_message(hello(200))  # a second HELLO: a new keep-alive
    await ws.received_message(ACK)
    assert ws._keep_alive is not None
    assert ws._keep_alive.heartbeat_timeout == ZOMBIE_AFTER_BEATS * 0.2 + SLACK_S
