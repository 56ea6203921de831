"""One setting for every wall-clock bound the test harness holds the bot to.

A test waits on events, never on time; what is left timed is a bound: Discord's 3 seconds for
a first callback (the stand-in refuses a later one, 10062), how long a wait lasts before a test
fails as hung, how long a process may take to start or stop, "within a second" across two
shard processes. Each is met with room to spare on a quiet machine, and missed on one so busy
(CI on a shared runner, load 15 on two cores) that the bot's process waits seconds for a turn
on a core: a test then fails that passes alone. ``EPILOGUE_TEST_TIME_SCALE`` multiplies every
such bound (``.ci/run`` sets it): one factor for a slower machine, each test asserting what
it asserted, only later.
"""

from __future__ import annotations

import os

ENV = "EPILOGUE_TEST_TIME_SCALE"


def _scale_from(environ: dict[str, str] | os._Environ[str]) -> float:
    raw = environ.get(ENV, "").strip()
    if not raw:
        return 1.0
    try:
        scale = float(raw)
    except ValueError:
        scale = 0.0
    if not scale >= 1.0:  # NaN too
        raise ValueError(
            f"{ENV}={raw!r}: expected a number of at least 1 (how many times slower than a"
            " quiet machine this one may be, e.g. 5 on a busy CI runner); unset it for 1"
        )
    return scale


TIME_SCALE = _scale_from(os.environ)
"""How many times slower than a quiet machine the harness lets the bot be (1: not at all)."""


def scaled(seconds: float) -> float:
    """``seconds``, a wall-clock bound for a quiet machine, for this one."""
    return seconds * TIME_SCALE
