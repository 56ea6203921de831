"""Where one interaction's wall time goes, step by step, in Epilogue and in the floor bot.

Runs ``benchmarks.e2e`` at concurrency 1 (``--only`` and the other arguments as there) with a
wall-clock tracer in the stand-ins' process and in both bots (``benchmarks/timeline_hook``: every
event-loop step, every wake from waiting on sockets, and the entry and exit of the functions on
an answer's path, each layer of the INTERACTION_CREATE parser among them). For each measured
workload it prints, as medians over its interactions, the time from the stand-in sending
INTERACTION_CREATE to each step: the bot waking with the frame, each function, the loop's
turns, the callback's POST written to the socket, the stand-in's handler reached. Then how
many loop turns and steps the bot took from the frame to the POST (a step on another thread, an
aiosqlite query, is one more turn), and how often the bot was still busy with the interaction
before when the stand-in sent this one.

The tracer costs a few µs a step, so every time here is longer than ``benchmarks.e2e``'s; both
bots pay it, Epilogue a little more (more steps and stamps). Read differences between steps, and
between the bots, not the absolute sums.

    uv run python -m benchmarks.timeline --only "/film ending" --workdir DIR [--requests 300]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pickle
import statistics
import tempfile
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOOK = Path(__file__).resolve().parent / "timeline_hook"
SENT = "tests.standin.builder.InteractionBuilder.send_interaction>"
CALLBACK = "tests.standin.rest.RestApi._callback>"
WORKLOAD = "workload "
REQUEST = "aiohttp.client.ClientSession._request>"
WRITE_BEGAN = "asyncio.selector_events._SelectorSocketTransport.write>"
FLOOR_PROCESS = "floor_bot"
WARM_UP = 20
"""``benchmarks.e2e``'s warm-up commands a workload (not measured, not shown)."""


@dataclass
class Trace:
    """One process's events, as the hook wrote them."""

    argv: str
    events: list[tuple[Any, ...]]
    times: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.times = [event[1] for event in self.events]

    def between(self, start: int, end: int) -> list[tuple[Any, ...]]:
        return self.events[bisect_left(self.times, start) : bisect_right(self.times, end)]


@dataclass
class Interaction:
    sent: int
    """When the stand-in began sending INTERACTION_CREATE (ns)."""
    called_back: int
    """When its callback reached the stand-in's handler (ns)."""


def load(directory: Path) -> list[Trace]:
    traces = []
    for path in sorted(directory.glob("*.timeline")):
        with path.open("rb") as file:
            events = pickle.load(file)  # written by this benchmark's own hook
        argv = next((e[2] for e in events if e[0] == "A"), "")
        events = sorted((e for e in events if e[0] in "SHW"), key=lambda e: e[1])
        traces.append(Trace(argv, events))
    return traces


def workloads(bench: Trace) -> list[tuple[str, str, list[Interaction]]]:
    """Each measured workload (concurrency 1, after its warm-up) with its commands: sent, and
    the first callback after each."""
    found = []
    opened: tuple[str, str, int] | None = None
    sends: list[int] = []
    callbacks: list[int] = []
    for kind, at, *rest in bench.events:
        if kind != "S":
            continue
        label = rest[0]
        if label.startswith(WORKLOAD) and label.endswith(">"):
            _, name, bot = label[len(WORKLOAD) : -1].split("|")
            opened = (name, bot, at)
            sends, callbacks = [], []
        elif label.startswith(WORKLOAD) and opened is not None:
            commands = []
            for sent in sends:
                i = bisect_left(callbacks, sent)
                if i < len(callbacks):
                    commands.append(Interaction(sent, callbacks[i]))
            found.append((opened[0], opened[1], commands))
            opened = None
        elif label == SENT + "2":
            sends.append(at)
        elif label == CALLBACK:
            callbacks.append(at)
    return found


def timeline(trace: Trace, commands: Sequence[Interaction]) -> dict[str, Any]:
    """Median offsets (µs from the stand-in's send) of each step in the bot, and the counts."""
    offsets: dict[str, list[float]] = defaultdict(list)
    turns, steps, busy = [], [], 0
    step_time: dict[str, list[float]] = defaultdict(list)
    for command in commands:
        window = trace.between(command.sent, command.called_back)
        wakes = [e for e in window if e[0] == "W" and e[3] > 0]
        if not wakes:
            continue
        woke = wakes[0]
        busy += woke[2] > command.sent  # it began waiting only after the frame was sent
        request = next((i for i, e in enumerate(window) if e[0] == "S" and e[2] == REQUEST), None)
        post = None
        if request is not None:
            post = next((e for e in window[request:] if e[0] == "S" and e[2] == WRITE_BEGAN), None)
        end = post[1] if post is not None else command.called_back
        seen: Counter[str] = Counter()
        for event in window:
            if event[1] < woke[1] or event[1] > end:
                continue
            if event[0] == "S":
                seen[event[2]] += 1
                name = event[2] if seen[event[2]] == 1 else f"{event[2]} #{seen[event[2]]}"
                offsets[name].append((event[1] - command.sent) / 1e3)
        offsets["(bot woke with the frame)"].append((woke[1] - command.sent) / 1e3)
        if post is not None:
            offsets["(the POST written: its first byte to the socket)"].append(
                (post[1] - command.sent) / 1e3
            )
        offsets["(the stand-in's callback handler reached)"].append(
            (command.called_back - command.sent) / 1e3
        )
        inside = [e for e in window if woke[1] <= e[1] <= end]
        turns.append(sum(1 for e in inside if e[0] == "W"))  # the frame's wake among them
        ran = [e for e in inside if e[0] == "H"]
        steps.append(len(ran))
        per: Counter[str] = Counter()
        for e in ran:
            per[e[2]] += e[3]
        for name, ns in per.items():
            step_time[name].append(ns / 1e3)
    count = len(offsets["(bot woke with the frame)"])
    return {
        "count": count,
        "offsets": {
            name: statistics.median(values)
            for name, values in offsets.items()
            if len(values) * 2 > count
        },
        "turns": statistics.median(turns) if turns else 0,
        "steps": statistics.median(steps) if steps else 0,
        "busy": busy,
        "step_time": {
            name: sum(values) / count
            for name, values in step_time.items()
            if len(values) * 2 > count
        },
    }


def report(traces: list[Trace]) -> str:
    bench = next(t for t in traces if "timeline" in t.argv)
    floor = next(t for t in traces if FLOOR_PROCESS in t.argv)
    epilogue = next(t for t in traces if t.argv.endswith(" run"))
    lines = []
    for name, bot, commands in workloads(bench):
        trace = floor if bot == "Floor" else epilogue
        found = timeline(trace, commands)
        answered = statistics.median((c.called_back - c.sent) / 1e3 for c in commands)
        lines.append(
            f"\n### {name} ({bot}): {found['count']} commands, the callback's handler reached"
            f" {answered:.0f} µs after the send (median, traced)\n"
        )
        lines.append("| µs after the stand-in sent INTERACTION_CREATE | step |")
        lines.append("|--:|---|")
        for step, at in sorted(found["offsets"].items(), key=lambda item: item[1]):
            lines.append(f"| {at:.1f} | {step} |")
        lines.append(
            f"\nFrom the frame to the POST: {found['turns']:.0f} loop turns, {found['steps']:.0f}"
            f" steps (medians); the bot was still busy when the frame was sent in"
            f" {found['busy']} of {found['count']}. Steps, µs an interaction (the"
            " whole step, past the POST too):"
        )
        for step, us in sorted(found["step_time"].items(), key=lambda item: -item[1]):
            lines.append(f"- {us:.1f} {step}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.timeline", description=__doc__)
    parser.add_argument("--workdir", type=Path, help="the e2e database, logs and the traces")
    parser.add_argument("--traces", type=Path, help="only print the report of traces kept here")
    return parser.parse_known_args(argv)


def main(argv: list[str] | None = None) -> int:
    args, e2e_args = parse_args(argv)
    if args.traces is not None:
        print(report(load(args.traces)))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="epilogue-timeline-"))
    traces = workdir / "timeline"
    traces.mkdir(parents=True, exist_ok=True)
    for old in traces.glob("*.timeline"):
        old.unlink()
    # The bots started from here load the hook as their sitecustomize; this process loads it
    # by its path, under its own name (another sitecustomize may have been loaded already).
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(HOOK), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    os.environ["EPILOGUE_TIMELINE_DIR"] = str(traces)
    spec = importlib.util.spec_from_file_location("timeline_hook", HOOK / "sitecustomize.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)  # installs itself: EPILOGUE_TIMELINE_DIR is set
    from benchmarks import e2e

    run = e2e.run

    async def stamped_run(workload: e2e.Workload, concurrency: int, *rest: Any) -> e2e.Result:
        measured = concurrency == 1 and len(rest[0]) > WARM_UP  # not the warm-up
        label = f"{WORKLOAD}|{workload.name}|{workload.bot.name}"
        if measured:
            hook.stamp(label + ">")
        try:
            return await run(workload, concurrency, *rest)
        finally:
            if measured:
                hook.stamp(label + "<")

    e2e.run = stamped_run  # type: ignore[assignment]
    e2e.main([*e2e_args, "--concurrency", "1", "--workdir", str(workdir)])
    hook.dump()  # the bots wrote theirs as they stopped
    print(f"\n## Timelines (traces in {traces})")
    print(report(load(traces)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
