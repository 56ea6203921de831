"""Hypothesis profiles: ``ci`` runs every property test at its full example count, ``dev`` (the
everyday ``uv run pytest``) runs a tenth of it: the same strategies and the same assertions.

``tests/conftest.py`` loads the profile named by ``EPILOGUE_TEST_HYPOTHESIS_PROFILE`` (default
``dev``; ``.ci/run`` sets ``ci``) before any test module is imported. A property test states
its full count once, ``@examples(10_000)``; the settings every property test shares live here.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

ENV = "EPILOGUE_TEST_HYPOTHESIS_PROFILE"
SHARE = {"ci": 1.0, "dev": 0.1}
"""Each profile's share of a test's full example count."""

MIN_EXAMPLES = 3

settings.register_profile(
    "ci",
    # Content is generated, so a run is slow by nature; derandomized, a failure replays as is.
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
settings.register_profile("dev", settings.get_profile("ci"))

_active = "dev"


def load() -> str:
    """Load the profile ``$EPILOGUE_TEST_HYPOTHESIS_PROFILE`` names; refuse an unknown name."""
    global _active
    name = os.environ.get(ENV, "dev")
    if name not in SHARE:
        known = ", ".join(sorted(SHARE))
        raise ValueError(f"{ENV}={name!r} is not a Hypothesis profile here; use one of: {known}")
    settings.load_profile(name)
    _active = name
    return name


def scaled(full: int) -> int:
    """``full`` examples (or steps) under ``ci``, this profile's share of them otherwise."""
    return max(MIN_EXAMPLES, round(full * SHARE[_active]))


def examples(full: int) -> settings:
    """Settings for a property test whose full run is ``full`` examples."""
    return settings(max_examples=scaled(full))
