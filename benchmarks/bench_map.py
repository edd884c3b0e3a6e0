"""Drawing a memory map against reading the same frames: ``kpageflags map`` timed beside
``kpageflags breakdown`` of one snapshot, both as whole commands (start-up included), with numpy
and then without it (each against its own floor).

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

# Runs the command line with numpy made unimportable, as on a machine without it.
WITHOUT_NUMPY = "import sys; sys.modules['numpy'] = None; from kpageflags.cli import main; sys.exit(main(sys.argv[1:]))"


def command(argv: list[str], numpy: bool = True) -> Callable[[], None]:
    start = [sys.executable, "-m", "kpageflags"] if numpy else [sys.executable, "-c", WITHOUT_NUMPY]

    def run() -> None:
        subprocess.run([*start, *argv], stdout=subprocess.DEVNULL, check=True)

    return run


def contenders(source: list[str], scratch: str, numpy: bool) -> dict[str, Callable[[], None]]:
    def picture(name: str) -> str:
        return os.path.join(scratch, name)

    found = {
        "floor: kpageflags breakdown (read and classify)": command(["breakdown", *source], numpy),
        "kpageflags map -o map.svg": command(["map", *source, "-o", picture("map.svg")], numpy),
        "kpageflags map --mixing -o map.svg": command(["map", *source, "--mixing", "-o", picture("m.svg")], numpy),
        "kpageflags map --layout linear -o map.svg": command(
            ["map", *source, "--layout", "linear", "-o", picture("l.svg")], numpy
        ),
    }
    if numpy and importlib.util.find_spec("matplotlib") is not None:
        found["kpageflags map -o map.png (matplotlib)"] = command(["map", *source, "-o", picture("map.png")])
    return found


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
        for numpy in (True, False):
            with_or_without = "with numpy" if numpy else "without numpy"
            medians = side_by_side(contenders(source, scratch, numpy), args.rounds)
            report(medians, f"{with_or_without}, median of {args.rounds} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
