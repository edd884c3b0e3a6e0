"""Drawing a memory map against reading the same frames: ``kpageflags map`` timed beside
``kpageflags breakdown`` of one snapshot, both as whole commands (start-up included).

Run: python benchmarks/bench_map.py [--snapshot FILE] [--rounds N]

Without --snapshot, one of this machine is taken first (root). The floor is the breakdown: it
reads and classifies every frame, which the map must do too; the ratio is what drawing adds.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from typing import Callable

from side_by_side import report, side_by_side


def command(argv: list[str]) -> Callable[[], None]:
    def run() -> None:
        subprocess.run([sys.executable, "-m", "kpageflags", *argv], stdout=subprocess.DEVNULL, check=True)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--snapshot", metavar="FILE", help="the snapshot to draw (default: take one of this machine)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-map-") as scratch:
        snapshot = args.snapshot or os.path.join(scratch, "machine.kpf")
        if not args.snapshot:
            subprocess.run([sys.executable, "-m", "kpageflags", "snapshot", "-o", snapshot], check=True)
        source = ["--snapshot", snapshot]
        contenders = {
            "floor: kpageflags breakdown (read and classify)": command(["breakdown", *source]),
            "kpageflags map -o map.svg": command(["map", *source, "-o", os.path.join(scratch, "map.svg")]),
            "kpageflags map --mixing -o map.svg": command(
                ["map", *source, "--mixing", "-o", os.path.join(scratch, "mixing.svg")]
            ),
        }
        if importlib.util.find_spec("matplotlib") is not None:
            contenders["kpageflags map -o map.png (matplotlib)"] = command(
                ["map", *source, "-o", os.path.join(scratch, "map.png")]
            )
        report(side_by_side(contenders, args.rounds), f"median of {args.rounds} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
