"""Snapshots: taking one against reading the three page files once, and analysing one against live.

Run as root: python benchmarks/bench_snapshot.py [--rounds N]

The floor is one thread reading /proc/kpageflags, kpagecount and kpagecgroup with os.pread in
1 MiB chunks, one file after the other: what any snapshot must at least do. Every contender is
timed in the same run, alternating, as a ratio to the floor's median.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import Callable

from side_by_side import report, side_by_side

FILES = ("/proc/kpageflags", "/proc/kpagecount", "/proc/kpagecgroup")


def floor() -> None:
    for path in FILES:
        fd = os.open(path, os.O_RDONLY)
        offset = 0
        while True:
            data = os.pread(fd, 1 << 20, offset)
            if not data:
                break
            offset += len(data)
        os.close(fd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not all(os.access(path, os.R_OK) for path in FILES):
        print(
            "the three /proc page files are not all readable: run as root on a kernel with CONFIG_MEMCG",
            file=sys.stderr,
        )
        return 2
    from kpageflags.analysis.breakdown import breakdown
    from kpageflags.sources.files import LiveSource
    from kpageflags.sources.snapshot import Snapshot
    from kpageflags.sources.snapshot_writer import take_snapshot

    live = LiveSource()
    directory = tempfile.mkdtemp(prefix="kpf-bench-")
    path = os.path.join(directory, "bench.kpf")
    take_snapshot(path, live)

    def analyse_snapshot() -> None:
        with Snapshot(path) as snapshot:
            breakdown(snapshot, "zone")

    contenders: dict[str, Callable[[], object]] = {
        "floor: 3 files, 1 thread, plain pread": floor,
        "take a snapshot (3 files + context, compressed)": lambda: take_snapshot(path, live),
        "breakdown --by zone, live": lambda: breakdown(live, "zone"),
        "breakdown --by zone, from the snapshot": analyse_snapshot,
    }
    report(
        side_by_side(contenders, args.rounds),
        f"median of {args.rounds} rounds; snapshot size {os.path.getsize(path) / 1e6:.1f} MB",
    )
    os.remove(path)
    os.rmdir(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
