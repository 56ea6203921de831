"""CPU the replay memories cost on the hot paths: ``RoleReadings.granting`` once per
interaction, ``RecentNames.unsure`` once per place a guarded message names.

    uv run python -m benchmarks.replay_memories
"""

from __future__ import annotations

import time

from client.place_names import RecentNames
from client.role_readings import RoleReadings

CALLS = 200_000


def main() -> None:
    readings = RoleReadings()
    roles = frozenset({1, 2, 3})
    started = time.process_time()
    for i in range(CALLS):
        readings.granting(1, i % 5000, 10_000_000 + i, roles)
    spent = time.process_time() - started
    print(f"RoleReadings.granting: {spent / CALLS * 1e6:.2f} µs CPU an interaction (5,000 members)")
    names = RecentNames()
    for place in range(4096):
        names.saw(place, f"name {place}")
    started = time.process_time()
    for i in range(CALLS):
        names.unsure(i % 8192)
    spent = time.process_time() - started
    print(f"RecentNames.unsure: {spent / CALLS * 1e6:.3f} µs CPU a place")


if __name__ == "__main__":
    main()
