"""Run the stand-in on its own: ``python -m tests.standin --port 0 --print-port``.

A bot in another process is pointed at the printed URLs (see
``client.endpoints.point_client_at``); tests drive it over the JSON
control API at ``/_standin/{state,wait_ready,run_command,autocomplete,
press_button,submit_modal,drop_connection}``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging

from .server import StandinServer
from .world import StandinWorld


async def _serve(args: argparse.Namespace) -> None:
    world = StandinWorld.demo()
    async with StandinServer(
        world, host=args.host, port=args.port, expected_token=args.token
    ) as server:
        if args.print_port:
            guild = next(iter(world.guilds.values()))
            info = {
                "port": server.port,
                "api_base": server.api_base,
                "gateway_url": server.gateway_url,
                "guild_id": str(guild.id),
                "channels": {c.name: str(c.id) for c in guild.channels.values()},
                "users": {u.username: str(u.id) for u in world.users.values()},
            }
            print(json.dumps(info), flush=True)
        await asyncio.Event().wait()  # serve until killed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.standin", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--print-port", action="store_true", help="print one JSON line of URLs/ids")
    parser.add_argument("--token", default=None, help="reject other bot tokens (default: any)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
