"""Timing contenders alternately in one run, reported as ratios to the first (the floor)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping
from typing import Callable


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
