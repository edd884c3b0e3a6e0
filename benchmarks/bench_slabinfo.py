"""kpageflags slabinfo against the C slabinfo on this machine's /sys/kernel/slab (as root).

    python benchmarks/bench_slabinfo.py --slabinfo PATH [--kernel REL] [--rounds N] [--options "..."]

Runs both as whole processes (start-up included), alternating, N rounds each, output thrown
away, and prints each one's median wall time and the median of the per-round ratios
kpageflags/C. The live tree changes between runs, so outputs are not compared here
(tests/test_slabinfo_oracle.py compares them on fixed trees)."""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import time


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--slabinfo", required=True, help="the C tool to compare with")
    parser.add_argument("--kernel", default="7.3", help="the release of that C tool")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--options", default="", help="slabinfo options for both (read-only ones)")
    args = parser.parse_args()
    options = shlex.split(args.options)
    c_command = [args.slabinfo, *options]
    ours = [sys.executable, "-m", "kpageflags", "slabinfo", "--kernel", args.kernel, *options]
    c_times, our_times = [], []
    for _ in range(args.rounds):
        c_times.append(timed(c_command))
        our_times.append(timed(ours))
    ratios = [mine / theirs for mine, theirs in zip(our_times, c_times)]
    print(f"slabinfo {args.options!r}, {args.rounds} rounds: C median {statistics.median(c_times):.3f} s, ", end="")
    print(f"kpageflags median {statistics.median(our_times):.3f} s")
    print(f"ratio kpageflags/C: median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
