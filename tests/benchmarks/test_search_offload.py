from __future__ import annotations

import asyncio
import os
from pathlib import Path

from benchmarks.search_offload import ask_async, ask_blocking, fork_worker, letter_by_letter
from tests.support.typed_titles import catalog_of

FILMS = [
    ("La La Land", 2016, ["lll"]),
    ("Dune", 1984, []),
    ("Dune", 2021, []),
    ("The Godfather", 1972, []),
    ("The Godfather Part II", 1974, []),
    ("Solaris", 1972, []),
    ("Land of Mine", 2015, []),
]


async def test_a_forked_worker_lists_what_the_catalog_lists(tmp_path: Path) -> None:
    """The offload benchmark compares like with like: its worker answers each text with the
    films, in the order, the catalog in this process lists, whether asked on an event loop or
    over a blocking socket."""
    catalog = await catalog_of(tmp_path / "films.db", FILMS)
    texts = [
        "",
        "la",
        "dune",
        "godfathr 2",
        "the godfather",
        "lnd",
        "zzz",
        *letter_by_letter(["Solaris"], 1, seed=1),
    ]
    sock = fork_worker(catalog)
    try:
        for text in texts:
            assert ask_blocking(sock, catalog, text, None) == catalog.search(None, text), text
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        for text in texts:
            found, _cpu = await ask_async(loop, sock, catalog, text)
            assert found == catalog.search(None, text), text
    finally:
        sock.close()
        await asyncio.to_thread(os.wait)  # the worker ends with its socket


def test_titles_are_typed_letter_by_letter() -> None:
    assert letter_by_letter(["Up", "Solaris"], 1, seed=3) in (
        ["U", "Up"],
        ["S", "So", "Sol", "Sola", "Solar", "Solari", "Solaris"],
    )
