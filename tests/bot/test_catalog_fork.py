"""The catalog's index thread in a forked process (a pre-forking server's workers, the tests'
concurrent starts): the fork has none of its parent's threads."""

from __future__ import annotations

import os

import bot.catalog


def test_a_forked_process_runs_its_own_index_work() -> None:
    """The child kept its parent's executor, which counted the parent's thread as its own and
    started none: the work a start's refresh waits for never ran, and the start hung."""
    assert bot.catalog._background().submit(lambda: "parent").result(timeout=10) == "parent"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            done = bot.catalog._background().submit(lambda: "child").result(timeout=10)
            os._exit(0 if done == "child" else 1)
        except BaseException:
            os._exit(1)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
