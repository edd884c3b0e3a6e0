"""kpageflags slabinfo against the C slabinfo on this machine's /sys/kernel/slab (as root), mode by mode.

    python benchmarks/bench_slabinfo.py --c 7.3=PATH [--c 5.19=PATH] [--kpageflags CMD] [--rounds N]
                                        [--modes "|-a|-l|-T|-S|-X|-r"]

For each mode (slabinfo options; the empty one is the default report) and each C tool given, it
runs the C tool, ``kpageflags slabinfo --kernel REL`` and plain ``kpageflags slabinfo`` (the
fixed tool) as whole processes, start-up included, one after the other, N rounds, output
thrown away. It prints the least CPU time (user + system) and the median wall time of each, and
the ratios kpageflags/C of both. Install kpageflags from a wheel for this (an editable install's
import finder adds to every start-up). The live tree changes between runs, so outputs are not
compared here (tests/test_slabinfo_oracle.py compares them on fixed trees)."""

from __future__ import annotations

import argparse
import resource
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

DEFAULT_MODES = "|-a|-l|-T|-S|-X|-r"


def timed(command: list[str]) -> tuple[float, float]:
    """The command's CPU time (its user + system, from the kernel's accounting) and wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def compare(commands: dict[str, list[str]], rounds: int) -> dict[str, tuple[float, float]]:
    """Each command's least CPU time and median wall time over ``rounds`` alternating rounds."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(timed(command))
    return {
        name: (min(cpu for cpu, _ in runs), statistics.median(wall for _, wall in runs)) for name, runs in times.items()
    }


def mode_commands(kpageflags: Sequence[str], release: str, c_tool: str, options: list[str]) -> dict[str, list[str]]:
    return {
        f"C {release}": [c_tool, *options],
        f"kpageflags --kernel {release}": [*kpageflags, "slabinfo", "--kernel", release, *options],
        "kpageflags (fixed)": [*kpageflags, "slabinfo", *options],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--c", action="append", required=True, metavar="REL=PATH", help="a C slabinfo and its release")
    parser.add_argument("--kpageflags", default="kpageflags", help="the kpageflags command (default: on PATH)")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--modes", default=DEFAULT_MODES, help="option sets separated by |")
    args = parser.parse_args()
    kpageflags = shlex.split(args.kpageflags)
    print(f"{'mode':<6} {'command':<28} {'cpu min s':>9} {'wall med s':>10} {'cpu/C':>6} {'wall/C':>6}")
    for mode in args.modes.split("|"):
        for tool in args.c:
            release, _, c_tool = tool.partition("=")
            results = compare(mode_commands(kpageflags, release, c_tool, shlex.split(mode)), args.rounds)
            c_cpu, c_wall = results[f"C {release}"]
            for name, (cpu, wall) in results.items():
                ratios = f"{cpu / c_cpu:>6.2f} {wall / c_wall:>6.2f}"
                print(f"{mode or '(none)':<6} {name:<28} {cpu:>9.3f} {wall:>10.3f} {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
