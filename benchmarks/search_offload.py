"""What the event loop would save if autocomplete's title search ran in another process.

A measurement, not a feature: the catalog is opened on a corpus database, its word postings
waited for, then the process forks a worker that answers ``FilmCatalog.search`` (film ids
over a socket pair) from its copy of the same catalog. For texts drawn as ``benchmarks.e2e``
draws its autocompletes (``benchmarks.title_search.typed_texts``) and for titles typed
letter by letter, it checks that the worker's list is the in-process one (same films, same
order), then compares the CPU the asking process spends a text (``time.process_time``):
searching in process (its memories cleared before each text) against sending the text to
the worker and awaiting its answer on an asyncio event loop (the worker's CPU reported
apart). Rounds alternate the two.

With ``--client``, ``benchmarks.client_cpu`` runs instead (every argument after ``--client``
is its own), its catalog's searches answered by such a worker over a blocking socket: the
whole keystroke's CPU in the bot's process through the real client, the search aside.

    uv run python -m benchmarks.search_offload --database /tmp/e2e10k/epilogue.db
    uv run python -m benchmarks.search_offload --client --database /tmp/e2e10k/epilogue.db \\
        --only "film autocomplete (/film info)" --runs 3 --requests 600
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.title_search import open_catalog, typed_texts

if TYPE_CHECKING:
    from bot.catalog import FilmCatalog, FilmEntry

_ASK = struct.Struct("qI?")  # server id (0: none), length of the text, memories cleared first
_ANSWER = struct.Struct("dI")  # the worker's CPU for the search, length of the ids


def _serve(
    catalog: FilmCatalog, search: Callable[..., list[FilmEntry]], sock: socket.socket
) -> None:
    """The worker: answer each text with its list's film ids, until the pair closes."""
    while head := sock.recv(_ASK.size, socket.MSG_WAITALL):
        guild_id, length, fresh = _ASK.unpack(head)
        text = sock.recv(length, socket.MSG_WAITALL).decode() if length else ""
        if fresh:
            catalog._searches.clear()
            catalog._clearly.clear()
        started = time.process_time()
        ids = [entry.id for entry in search(catalog, guild_id or None, text)]
        body = struct.pack(f"{len(ids)}I", *ids)
        sock.sendall(_ANSWER.pack(time.process_time() - started, len(body)) + body)
    os._exit(0)


def fork_worker(
    catalog: FilmCatalog, search: Callable[..., list[FilmEntry]] | None = None
) -> socket.socket:
    """A forked process answering ``catalog``'s searches as it stands now, with ``search``
    (``FilmCatalog.search`` by default; never a function that forks a worker itself)."""
    from bot.catalog import FilmCatalog

    ours, theirs = socket.socketpair()
    if os.fork() == 0:
        ours.close()
        _serve(catalog, search or FilmCatalog.search, theirs)
    theirs.close()
    return ours


def _ask(text: str, guild_id: int | None, fresh: bool = False) -> bytes:
    data = text.encode()
    return _ASK.pack(guild_id or 0, len(data), fresh) + data


def _entries(catalog: FilmCatalog, body: bytes) -> list[FilmEntry]:
    get = catalog.get
    return [get(film_id) for film_id in struct.unpack(f"{len(body) // 4}I", body)]  # type: ignore[misc]


async def ask_async(
    loop: asyncio.AbstractEventLoop, sock: socket.socket, catalog: FilmCatalog, text: str
) -> tuple[list[FilmEntry], float]:
    """The worker's list for ``text`` and its CPU, the event loop running on meanwhile."""
    await loop.sock_sendall(sock, _ask(text, None, fresh=True))
    head = b""
    while len(head) < _ANSWER.size:
        head += await loop.sock_recv(sock, _ANSWER.size - len(head))
    worker_cpu, length = _ANSWER.unpack(head)
    body = b""
    while len(body) < length:
        body += await loop.sock_recv(sock, length - len(body))
    return _entries(catalog, body), worker_cpu


def ask_blocking(
    sock: socket.socket, catalog: FilmCatalog, text: str, guild_id: int | None
) -> list[FilmEntry]:
    sock.sendall(_ask(text, guild_id))
    _cpu, length = _ANSWER.unpack(sock.recv(_ANSWER.size, socket.MSG_WAITALL))
    return _entries(catalog, sock.recv(length, socket.MSG_WAITALL) if length else b"")


def letter_by_letter(titles: list[str], count: int, seed: int) -> list[str]:
    """Every start of ``count`` titles, one letter more each time, as members type them."""
    rng = random.Random(seed)
    return [title[:n] for title in rng.sample(titles, count) for n in range(1, len(title) + 1)]


async def compare(catalog: FilmCatalog, texts: list[str], rounds: int) -> None:
    loop = asyncio.get_running_loop()
    sock = fork_worker(catalog)
    sock.setblocking(False)
    try:

        def fresh() -> None:
            catalog._searches.clear()
            catalog._clearly.clear()

        differ = 0
        for text in texts:
            fresh()
            mine = [entry.id for entry in catalog.search(None, text)]
            theirs, _cpu = await ask_async(loop, sock, catalog, text)
            differ += mine != [entry.id for entry in theirs]
        print(f"same lists: {len(texts) - differ} of {len(texts)} texts ({differ} differ)")
        for round_ in range(1, rounds + 1):
            started = time.process_time()
            for text in texts:
                fresh()
                catalog.search(None, text)
            local = time.process_time() - started
            worker = 0.0
            started = time.process_time()
            for text in texts:
                _found, cpu = await ask_async(loop, sock, catalog, text)
                worker += cpu
            hop = time.process_time() - started
            per = 1e6 / len(texts)
            print(
                f"round {round_}: in process {local * per:.0f} µs a text; with the worker"
                f" {hop * per:.0f} µs here (the worker's search: {worker * per:.0f} µs there)"
            )
    finally:
        sock.close()  # the worker ends (``main`` waits for it)


def run_client(argv: list[str]) -> int:
    """``benchmarks.client_cpu`` with its catalog's searches answered by a worker, forked at
    the first search once the word postings are ready."""
    import bot.catalog
    from benchmarks.client_cpu import main

    in_process = bot.catalog.FilmCatalog.search
    workers: dict[int, socket.socket] = {}
    parent = os.getpid()

    def search(
        self: FilmCatalog, guild_id: int | None, query: str, limit: int = bot.catalog.MAX_CHOICES
    ) -> list[FilmEntry]:
        if (
            limit != bot.catalog.MAX_CHOICES
            or not self._words_ready(guild_id)
            or os.getpid() != parent  # a worker searches itself: it never forks one
        ):
            return in_process(self, guild_id, query, limit)
        if (sock := workers.get(id(self))) is None:
            sock = workers[id(self)] = fork_worker(self, in_process)
        return ask_blocking(sock, self, query, guild_id)

    bot.catalog.FilmCatalog.search = search  # type: ignore[method-assign]
    try:
        return main(argv)
    finally:
        for sock in workers.values():
            sock.close()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--client" in argv:
        return run_client([a for a in argv if a != "--client"])
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.search_offload", description=__doc__
    )
    parser.add_argument("--database", type=Path, required=True, help="a corpus database")
    parser.add_argument("--queries", type=int, default=2000, help="drawn texts (2000)")
    parser.add_argument("--titles", type=int, default=100, help="titles typed letter by letter")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    titles: list[str] = json.loads(args.database.with_suffix(".json").read_text())["queries"][
        "titles"
    ]
    texts = [text for text, _title in typed_texts(titles, args.queries, args.seed)]
    texts += letter_by_letter(titles, args.titles, args.seed)
    catalog = asyncio.run(open_catalog(args.database))
    catalog.search(None, "warm up the trigram postings")
    while not catalog._words_ready(None):  # the worker needs them built, as a fork keeps no thread
        time.sleep(0.05)
    asyncio.run(compare(catalog, texts, args.rounds))
    os.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
