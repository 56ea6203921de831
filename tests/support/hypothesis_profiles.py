"""Hypothesis profiles: ``full`` runs every property test at its full example count, ``ci``
(``.ci/run``) at half of it but the spoiler promise's own properties whole (``whole_in_ci``),
``dev`` (the everyday ``uv run pytest``) at a tenth: the same strategies and the same assertions.

``tests/conftest.py`` loads the profile named by ``EPILOGUE_TEST_HYPOTHESIS_PROFILE`` (default
``dev``; ``.ci/run`` sets ``ci``) before any test module is imported. A property test states
its full count once, ``@examples(10_000)``; the settings every property test shares live here.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

ENV = "EPILOGUE_TEST_HYPOTHESIS_PROFILE"
SHARE = {"full": 1.0, "ci": 0.5, "dev": 0.1}
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
settings.register_profile("full", settings.get_profile("ci"))

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


def scaled(full: int, *, whole_in_ci: bool = False) -> int:
    """``full`` examples (or steps) under ``full``, this profile's share of them otherwise;
    ``whole_in_ci``: all of them under ``ci`` too (the spoiler promise's own properties: CI's
    ten minutes go to them first)."""
    share = 1.0 if whole_in_ci and _active == "ci" else SHARE[_active]
    return max(MIN_EXAMPLES, round(full * share))


def examples(full: int, *, whole_in_ci: bool = False) -> settings:
    """Settings for a property test whose full run is ``full`` examples."""
    return settings(max_examples=scaled(full, whole_in_ci=whole_in_ci))
