"""kpageflags page-owner-sort against the C page_owner_sort on a generated dump.

    python benchmarks/bench_page_owner_sort.py --page-owner-sort PATH [--records N] [--kernel REL]

Writes a dump of N records in the 6.7+ format (a few hundred distinct stacks, many processes),
runs both on it with the same options and prints their times and the ratio."""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FRAMES = [f"func_{n}+0x{n:x}/0x{n * 4:x}" for n in range(400)]


def generate(path: Path, records: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    stacks = ["\n".join(" " + f for f in rng.sample(FRAMES, 8)) for _ in range(300)]
    with path.open("w") as out:
        for n in range(records):
            pid = rng.randrange(1, 200)
            out.write(
                f"Page allocated via order {rng.choice((0, 0, 0, 1, 2, 9))}, mask 0xcc0(GFP_KERNEL), "
                f"pid {pid}, tgid {pid} (task{pid}), ts {rng.randrange(10**9, 10**11)} ns\n"
                f"PFN 0x{n:x} type Unmovable Block {n >> 9} type Unmovable Flags 0x0(node=0|zone=1)\n"
                f"{rng.choice(stacks)}\n\n"
            )


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page-owner-sort", required=True, help="the C tool to compare with")
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--kernel", default="6.19", help="the release of that C tool")
    parser.add_argument("--options", default="--cull stacktrace", help="page_owner_sort options for both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "page_owner.txt"
        generate(dump, args.records)
        c_time = timed([args.page_owner_sort, *args.options.split(), str(dump), f"{scratch}/c.txt"])
        ours = [sys.executable, "-m", "kpageflags", "page-owner-sort", "--kernel", args.kernel]
        py_time = timed([*ours, *args.options.split(), str(dump), f"{scratch}/py.txt"])
        same = Path(f"{scratch}/c.txt").read_bytes() == Path(f"{scratch}/py.txt").read_bytes()
    print(f"{args.records} records, {args.options!r}: C {c_time:.2f} s, kpageflags {py_time:.2f} s")
    print(f"ratio kpageflags/C: {py_time / c_time:.2f}; outputs identical: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
