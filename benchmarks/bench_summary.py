"""Whole-machine page-types summary: kpageflags against a plain read of /proc/kpageflags.

Run as root: python benchmarks/bench_summary.py [--rounds N] [--page-types PATH] [--installed PATH]

The floor is one thread reading the file with os.pread in 1 MiB chunks and nothing else,
the cost page-types cannot avoid (its time is almost all the kernel filling the file).
Every contender is timed in the same run, alternating, and reported as a ratio to the
floor's median. ``--page-types`` adds a page-types binary you built yourself.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from typing import Callable

from side_by_side import report, side_by_side

PATH = "/proc/kpageflags"


def floor() -> None:
    fd = os.open(PATH, os.O_RDONLY)
    offset = 0
    while True:
        data = os.pread(fd, 1 << 20, offset)
        if not data:
            break
        offset += len(data)
    os.close(fd)


def in_process(use_numpy: bool) -> Callable[[], None]:
    def run() -> None:
        from kpageflags.pagetypes import run as pagetypes
        from kpageflags.sources.counting import FlagCounter

        original = FlagCounter.__init__

        def forced(self: FlagCounter, use: object = None, numpy_after_mixed: object = None) -> None:
            original(self, use_numpy)  # with numpy from the start, or never

        FlagCounter.__init__ = forced  # type: ignore[method-assign,assignment]
        try:
            pagetypes.main(["--no-progress"], out=io.StringIO(), err=io.StringIO())
        finally:
            FlagCounter.__init__ = original  # type: ignore[method-assign]

    return run


def command(argv: list[str]) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--page-types", help="a page-types binary to time as well")
    parser.add_argument(
        "--installed",
        metavar="PATH",
        help="a kpageflags command installed from the wheel (no editable-install finder), e.g. VENV/bin/kpageflags",
    )
    args = parser.parse_args()
    if not os.access(PATH, os.R_OK):
        print(f"{PATH} is not readable: run as root", file=sys.stderr)
        return 2
    contenders: dict[str, Callable[[], None]] = {
        "floor: 1 thread, plain pread": floor,
        "kpageflags page-types (CLI, start-up included)": command(
            [sys.executable, "-m", "kpageflags", "page-types", "--no-progress"]
        ),
        "in-process summary, numpy": in_process(True),
        "in-process summary, no numpy": in_process(False),
    }
    if args.installed:
        contenders["kpageflags page-types (installed wheel)"] = command([args.installed, "page-types", "--no-progress"])
    if args.page_types:
        contenders["page-types (C)"] = command([args.page_types])
    report(side_by_side(contenders, args.rounds), f"median of {args.rounds} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
