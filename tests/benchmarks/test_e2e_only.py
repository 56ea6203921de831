"""``benchmarks.e2e --only``: a few workloads run, each beside the floor it is compared with."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.e2e import INFO_AUTOCOMPLETE, Workload, chosen


def workloads() -> list[Workload]:
    floor: Any = object()  # a bot is never started here
    return [
        Workload("/ping", floor, False),
        Workload("/film ending", floor, False, "/ping"),
        Workload("/ping autocomplete", floor, True),
        Workload("film autocomplete", floor, True, "/ping autocomplete"),
        Workload(INFO_AUTOCOMPLETE, floor, True, "/ping autocomplete"),
    ]


def test_only_keeps_the_named_workloads_and_their_floors_in_order() -> None:
    names = [w.name for w in chosen(workloads(), "film autocomplete")]

    assert names == ["/ping autocomplete", "film autocomplete", INFO_AUTOCOMPLETE]


def test_without_only_every_workload_runs() -> None:
    assert len(chosen(workloads(), None)) == len(workloads())


def test_a_name_no_workload_holds_is_refused_with_the_names() -> None:
    with pytest.raises(SystemExit, match=r"no workload's name holds it.*film autocomplete"):
        chosen(workloads(), "film autocmplete")
