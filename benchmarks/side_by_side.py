"""Timing contenders alternately in one run, reported as ratios to the first (the floor): functions
by their median wall time, whole commands by their median wall time and least CPU time."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from typing import Callable, NamedTuple


def side_by_side(contenders: Mapping[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each contender; one warm-up run each, then ``rounds`` alternating rounds."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for run in contenders.values():
        run()  # warm up caches and imports
    for _ in range(rounds):
        for name, run in contenders.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def report(medians: dict[str, float], heading: str) -> None:
    """Prints each median and its ratio to the first contender's."""
    base = next(iter(medians.values()))
    print(f"{heading}; floor = {base * 1000:.0f} ms")
    for name, median in medians.items():
        print(f"{name:50s} {median * 1000:7.0f} ms  {median / base:5.2f}x floor")


class Timing(NamedTuple):
    """A command's median wall time and least CPU time (user + system): on a shared machine the
    least is the least disturbed, and the median is what a user waits."""

    wall: float
    cpu: float


def run_process(argv: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv`` (its CPU time from wait4, threads included),
    its output discarded; a failure stops the benchmark with the command's own error (run again
    to catch it, so that a timed run writes nowhere)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        failed = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        raise SystemExit(f"failed: {' '.join(argv)}: {failed.stderr.strip()}")
    return wall, usage.ru_utime + usage.ru_stime


def processes_side_by_side(contenders: Mapping[str, Sequence[str]], rounds: int) -> dict[str, Timing]:
    """Each command line's timing: one warm-up run each, then ``rounds`` alternating rounds."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    for argv in contenders.values():
        run_process(argv)
    for _ in range(rounds):
        for name, argv in contenders.items():
            runs[name].append(run_process(argv))
    return {
        name: Timing(statistics.median(wall for wall, _ in done), min(cpu for _, cpu in done))
        for name, done in runs.items()
    }


def load() -> str:
    """The load averages over 1, 5 and 15 minutes, in words for a report's heading."""
    return "load " + ", ".join(f"{value:.2f}" for value in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def report_timings(timings: Mapping[str, Timing], heading: str) -> None:
    """Prints each command's wall median and CPU minimum, and their ratios to the first's."""
    base = next(iter(timings.values()))
    print(heading)
    print(f"{'':58s} {'wall (median)':>21s} {'CPU (least)':>21s}")
    for name, timing in timings.items():
        print(
            f"{name:58s} {timing.wall * 1000:7.0f} ms {timing.wall / base.wall:5.2f}x   "
            f"{timing.cpu * 1000:7.0f} ms {timing.cpu / base.cpu:5.2f}x"
        )
