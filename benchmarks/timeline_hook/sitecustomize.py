"""The wall-clock tracer of ``benchmarks.timeline``, loaded by every Python process started with
this folder first on ``PYTHONPATH`` and ``EPILOGUE_TIMELINE_DIR`` set (the bots ``benchmarks.e2e``
starts); ``install`` does the same in the process that imports it.

It notes, with ``time.perf_counter_ns`` (one clock for every process on the machine): each
event-loop step (``asyncio.Handle._run``: when, how long, what it ran), each time the loop woke
from waiting for sockets (when it began to wait, when it woke, how many were ready), and the
entry and exit of the functions in ``STAMPED`` and of each layer of the INTERACTION_CREATE
parser. At exit it writes them to ``EPILOGUE_TIMELINE_DIR/<pid>.timeline`` (pickle). Costs a
few µs a step: times are longer than untraced, by about as much in both bots.
"""

from __future__ import annotations

import os

STAMPED: dict[str, list[str]] = {
    "discord.gateway": ["DiscordWebSocket.received_message"],
    "discord.state": ["ConnectionState.parse_interaction_create"],
    "discord.app_commands.tree": ["CommandTree._from_interaction", "CommandTree._call"],
    "discord.interactions": ["InteractionResponse.send_message"],
    "discord.webhook.async_": ["AsyncWebhookAdapter.request"],
    "aiohttp.client": ["ClientSession._request"],
    "aiohttp.client_reqrep": ["ClientResponse.start"],
    "client.tree": ["EpilogueTree._call"],
    "client.slash": ["answer"],
    "client.server_permissions": ["look_up_asker"],
    "client.thread_parents": ["confirm_thread_parent"],
    "client.delivery": ["invocation_from", "deliver", "_send_message"],
    "client.callbacks": ["_respond"],
    "client.attempts": ["_answers_read_here"],
    "bot.dispatch": ["start_command", "check_access", "_resolved_or_narrowed"],
    "bot.features.film.answers": ["FilmAnswers.topic", "FilmAnswers._text"],
    "tests.standin.builder": ["InteractionBuilder.send_interaction"],
    "tests.standin.rest": ["RestApi._callback"],
}
"""Functions whose entry (``name>``) and exit (``name<``) are noted, by module."""

for _more in filter(None, os.environ.get("EPILOGUE_TIMELINE_MORE", "").split(",")):
    _module, _, _function = _more.strip().partition(":")
    STAMPED.setdefault(_module, []).append(_function)
"""``EPILOGUE_TIMELINE_MORE="client.delivery:granting_roles,bot.x:Class.method"``: more stamped."""

WRITE = "asyncio.selector_events._SelectorSocketTransport.write"
EVENTS: list[tuple] = []
LIMIT = 4_000_000


def install(directory: str) -> None:
    import asyncio.events
    import atexit
    import functools
    import importlib.abc
    import importlib.util
    import inspect
    import pickle
    import selectors
    import sys
    import time

    ns = time.perf_counter_ns
    note = EVENTS.append

    def stamp(label: str) -> None:
        if len(EVENTS) < LIMIT:
            note(("S", ns(), label))

    def named(callback: object) -> str:
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, asyncio.Task):
            coro = owner.get_coro()
            return "task " + getattr(coro, "__qualname__", type(coro).__name__)
        return getattr(callback, "__qualname__", None) or type(callback).__name__

    run = asyncio.events.Handle._run

    def traced_run(self: asyncio.Handle) -> None:
        began = ns()
        run(self)
        if len(EVENTS) < LIMIT:
            note(("H", began, named(self._callback), ns() - began))

    asyncio.events.Handle._run = traced_run  # type: ignore[method-assign]
    select = selectors.EpollSelector.select

    def traced_select(self: selectors.EpollSelector, timeout: float | None = None) -> list:
        began = ns()
        ready = select(self, timeout)
        if len(EVENTS) < LIMIT:
            note(("W", ns(), began, len(ready)))
        return ready

    selectors.EpollSelector.select = traced_select  # type: ignore[method-assign]

    def wrapped(function, label: str):  # type: ignore[no-untyped-def]
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def stamped_async(*args, **kwargs):  # type: ignore[no-untyped-def]
                stamp(label + ">")
                try:
                    return await function(*args, **kwargs)
                finally:
                    stamp(label + "<")

            return stamped_async

        @functools.wraps(function)
        def stamped(*args, **kwargs):  # type: ignore[no-untyped-def]
            stamp(label + ">")
            try:
                return function(*args, **kwargs)
            finally:
                stamp(label + "<")

        return stamped

    def layers(parsers: dict) -> None:
        """Each parser layer of INTERACTION_CREATE (closures named ``parse…`` wrapping the
        next), stamped in place."""
        seen: set[int] = set()

        def walk(function: object, depth: int) -> None:
            if id(function) in seen or depth > 40:
                return
            seen.add(id(function))
            for cell in getattr(function, "__closure__", None) or ():
                try:
                    inner = cell.cell_contents
                except ValueError:
                    continue
                name = getattr(inner, "__qualname__", "")
                if callable(inner) and not isinstance(inner, type) and "parse" in name:
                    walk(inner, depth + 1)
                    module = getattr(inner, "__module__", "?")
                    cell.cell_contents = wrapped(inner, f"layer {module}.{name}")

        top = parsers["INTERACTION_CREATE"]
        walk(top, 0)
        parsers["INTERACTION_CREATE"] = wrapped(top, f"layer {top.__module__}.{top.__qualname__}")

    def stamp_module(module: object) -> None:
        for dotted in STAMPED.get(module.__name__, []):  # type: ignore[attr-defined]
            *path, name = dotted.split(".")
            owner = module
            for part in path:
                owner = getattr(owner, part)
            function = getattr(owner, name)
            label = f"{module.__name__}.{dotted}"  # type: ignore[attr-defined]
            if dotted == "InteractionBuilder.send_interaction":

                @functools.wraps(function)
                async def sending(self, kind, *args, _f=function, _l=label, **kwargs):  # type: ignore[no-untyped-def]
                    stamp(f"{_l}>{kind}")  # the interaction's type: 2 a command
                    return await _f(self, kind, *args, **kwargs)

                setattr(owner, name, sending)
            elif dotted == "DiscordWebSocket.received_message":
                chained: list[bool] = []

                @functools.wraps(function)
                async def received(self, *args, _f=function, _l=label, _c=chained, **kwargs):  # type: ignore[no-untyped-def]
                    stamp(_l + ">")
                    if not _c:
                        _c.append(True)
                        layers(self._discord_parsers)
                    try:
                        return await _f(self, *args, **kwargs)
                    finally:
                        stamp(_l + "<")

                setattr(owner, name, received)
            else:
                setattr(owner, name, wrapped(function, label))

    import asyncio.selector_events as selector_events

    transport = selector_events._SelectorSocketTransport
    transport.write = wrapped(transport.write, WRITE)  # type: ignore[method-assign]

    class Stamper(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
            if name not in STAMPED:
                return None
            sys.meta_path.remove(self)
            try:
                spec = importlib.util.find_spec(name)
            finally:
                sys.meta_path.insert(0, self)
            if spec is None or spec.loader is None:
                return None
            execute = spec.loader.exec_module

            def exec_module(module, _execute=execute):  # type: ignore[no-untyped-def]
                _execute(module)
                stamp_module(module)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    for name in STAMPED:
        if name in sys.modules:
            stamp_module(sys.modules[name])
    sys.meta_path.insert(0, Stamper())
    EVENTS.append(("I", ns(), " ".join(sys.argv)))

    def dump() -> None:
        EVENTS.append(("A", ns(), " ".join(sys.argv)))
        with open(os.path.join(directory, f"{os.getpid()}.timeline"), "wb") as file:
            pickle.dump(EVENTS, file)

    atexit.register(dump)
    globals().update(stamp=stamp, dump=dump)


if os.environ.get("EPILOGUE_TIMELINE_DIR") and not os.environ.get("EPILOGUE_TIMELINE_HERE"):
    install(os.environ["EPILOGUE_TIMELINE_DIR"])
