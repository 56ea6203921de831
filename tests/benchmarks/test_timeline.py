"""``benchmarks.timeline``: one interaction's steps read from the traces its hook writes."""

from __future__ import annotations

from benchmarks.timeline import CALLBACK, REQUEST, SENT, WORKLOAD, WRITE_BEGAN, Trace, timeline
from benchmarks.timeline import workloads as measured

US = 1_000  # ns


def bench_trace() -> Trace:
    return Trace(
        "benchmarks/timeline.py",
        [
            ("S", 0, f"{WORKLOAD}|/film ending|Epilogue>"),
            ("S", 100 * US, SENT + "4"),  # a keystroke first: not a command
            ("S", 150 * US, CALLBACK),
            ("S", 1_000 * US, SENT + "2"),
            ("S", 2_000 * US, CALLBACK),
            ("S", 3_000 * US, SENT + "2"),
            ("S", 4_000 * US, CALLBACK),
            ("S", 5_000 * US, f"{WORKLOAD}|/film ending|Epilogue<"),
        ],
    )


def bot_trace() -> Trace:
    events = []
    for start in (1_000, 3_000):
        at = start * US
        events += [
            ("W", at - 500 * US, at - 900 * US, 1),  # idle before the send
            ("W", at + 100 * US, at - 200 * US, 1),  # the frame
            ("S", at + 110 * US, "client.slash.answer>"),
            ("H", at + 105 * US, "task wrapper", 300 * US),
            ("W", at + 400 * US, at + 390 * US, 0),  # a turn of the loop
            ("S", at + 500 * US, REQUEST),
            ("S", at + 600 * US, WRITE_BEGAN),
            ("S", at + 900 * US, "after the POST: not shown"),
        ]
    return Trace("bot/__main__.py run", sorted(events, key=lambda e: e[1]))


def test_commands_are_read_per_workload_with_their_callbacks() -> None:
    ((name, bot, commands),) = measured(bench_trace())

    assert (name, bot) == ("/film ending", "Epilogue")
    assert [(c.sent, c.called_back) for c in commands] == [
        (1_000 * US, 2_000 * US),
        (3_000 * US, 4_000 * US),
    ]


def test_each_step_is_timed_from_the_send_up_to_the_post() -> None:
    (_, _, commands) = measured(bench_trace())[0]

    found = timeline(bot_trace(), commands)

    assert found["count"] == 2
    assert found["offsets"] == {
        "(bot woke with the frame)": 100.0,
        "client.slash.answer>": 110.0,
        REQUEST: 500.0,
        WRITE_BEGAN: 600.0,
        "(the POST written: its first byte to the socket)": 600.0,
        "(the stand-in's callback handler reached)": 1_000.0,
    }
    assert found["turns"] == 2
    assert found["busy"] == 0
    assert found["step_time"] == {"task wrapper": 300.0}
