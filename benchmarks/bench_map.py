"""Drawing a memory map against reading the same frames: ``kpageflags map`` (SVG and PNG) and
``kpageflags report`` timed beside ``kpageflags breakdown`` as whole commands (start-up included),
of this machine and of a snapshot of it, with numpy and then without it (each against its own floor).

Run: python benchmarks/bench_map.py [--snapshot FILE] [--rounds N] [--with-numpy-only]

The floor is the breakdown: it reads and classifies every frame, which the map must do too; the
ratio is what drawing adds. Commands run alternately; each gets its median wall time (what a user
waits) and its least CPU time (user + system, threads included: on a shared machine the least
disturbed), each as a ratio to the floor's. The load average is printed with each table. This
machine is mapped only where its page files are readable (root); without --snapshot, one of it is
taken first.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile

from side_by_side import load, processes_side_by_side, report_timings, run_process

# Runs the command line with numpy made unimportable, as on a machine without it.
WITHOUT_NUMPY = "import sys; sys.modules['numpy'] = None; from kpageflags.cli import main; sys.exit(main(sys.argv[1:]))"


def contenders(source: list[str], scratch: str, numpy: bool) -> dict[str, list[str]]:
    """The commands to time on one source (``source``: its options), by name."""
    start = [sys.executable, "-m", "kpageflags"] if numpy else [sys.executable, "-c", WITHOUT_NUMPY]

    def output(name: str) -> list[str]:
        return ["-o", os.path.join(scratch, name)]

    found = {
        "floor: kpageflags breakdown (read and classify)": [*start, "breakdown", *source],
        "kpageflags map -o map.svg": [*start, "map", *source, *output("map.svg")],
    }
    if numpy and importlib.util.find_spec("matplotlib") is not None:
        found["kpageflags map -o map.png"] = [*start, "map", *source, *output("map.png")]
    found["kpageflags map --mixing -o map.svg"] = [*start, "map", *source, "--mixing", *output("m.svg")]
    found["kpageflags map --layout linear -o map.svg"] = [
        *start,
        "map",
        *source,
        "--layout",
        "linear",
        *output("l.svg"),
    ]
    found["kpageflags report -o report.html"] = [*start, "report", *source, *output("report.html")]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--snapshot", metavar="FILE", help="the snapshot to draw (default: take one of this machine)")
    parser.add_argument("--with-numpy-only", action="store_true", help="skip the runs without numpy")
    args = parser.parse_args()
    live = os.access("/proc/kpageflags", os.R_OK)
    with tempfile.TemporaryDirectory(prefix="bench-map-") as scratch:
        snapshot = args.snapshot or os.path.join(scratch, "machine.kpf")
        if not args.snapshot:
            run_process([sys.executable, "-m", "kpageflags", "snapshot", "-o", snapshot])
        sources: dict[str, list[str]] = {"this machine": []} if live else {}
        sources["a snapshot"] = ["--snapshot", snapshot]
        for numpy in (True,) if args.with_numpy_only else (True, False):
            for name, source in sources.items():
                before = load()
                timings = processes_side_by_side(contenders(source, scratch, numpy), args.rounds)
                with_or_without = "with numpy" if numpy else "without numpy"
                report_timings(timings, f"{name}, {with_or_without}, {args.rounds} rounds; {before}, after: {load()}")
                print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
