"""kpageflags page-owner-sort against the C page_owner_sort, side by side.

    python benchmarks/bench_page_owner_sort.py --page-owner-sort PATH [--dump FILE | --records N]
        [--kernel REL] [--options=-m '--options=--cull stacktrace' ...] [--runs K]

For each option set, both commands run in turn (C, ours, C, ours, ...) on the same dump, each
K times; the table gives each one's median CPU time (user + system, from wait4) and peak
memory, the median of the pairwise ratios ours/C, and whether the outputs are identical.
Without --dump, a dump of N records in the 6.7+ format is generated (a few hundred distinct
stacks, many processes)."""

from __future__ import annotations

import argparse
import filecmp
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

FRAMES = [f"func_{n}+0x{n:x}/0x{n * 4:x}" for n in range(400)]
DEFAULT_OPTIONS = ["", "-m", "-a", "--cull stacktrace", "-s", "--sort n,-p,at", "--cull pid,name"]


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


def measured(command: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and peak resident MiB of one run of ``command``."""
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen(command, stdout=devnull)
        _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def compare(c_tool: str, ours: list[str], words: list[str], dump: Path, scratch: str, runs: int) -> str:
    c_out, our_out = f"{scratch}/c.txt", f"{scratch}/ours.txt"
    c_runs, our_runs = [], []
    for _ in range(runs):
        c_runs.append(measured([c_tool, *words, str(dump), c_out]))
        our_runs.append(measured([*ours, *words, str(dump), our_out]))
    same = filecmp.cmp(c_out, our_out, shallow=False)  # streamed: this process stays small
    ratio = statistics.median(o[0] / c[0] for c, o in zip(c_runs, our_runs))
    c_cpu, our_cpu = (statistics.median(r[0] for r in side) for side in (c_runs, our_runs))
    c_mem, our_mem = (max(r[1] for r in side) for side in (c_runs, our_runs))
    label = " ".join(words) or "(default)"
    return f"{label:<22} {c_cpu:9.2f} {our_cpu:9.2f} {ratio:7.2f} {c_mem:8.0f} {our_mem:8.0f}  {same}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page-owner-sort", required=True, help="the C tool to compare with")
    parser.add_argument("--dump", type=Path, help="a page_owner dump (else one is generated)")
    parser.add_argument("--records", type=int, default=200_000, help="records of the generated dump")
    parser.add_argument("--kernel", default="6.19", help="the release of that C tool")
    parser.add_argument("--options", action="append", help="an option set for both (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command per option set")
    args = parser.parse_args()
    ours = [sys.executable, "-m", "kpageflags", "page-owner-sort", "--kernel", args.kernel]
    with tempfile.TemporaryDirectory() as scratch:
        dump = args.dump
        if dump is None:
            dump = Path(scratch) / "page_owner.txt"
            generate(dump, args.records)
        print(f"{dump}, {args.runs} runs each, alternating; CPU s are medians, MiB peaks")
        print(f"{'options':<22} {'C cpu s':>9} {'ours s':>9} {'ours/C':>7} {'C MiB':>8} {'our MiB':>8}  identical")
        identical = True
        for options in args.options or DEFAULT_OPTIONS:
            row = compare(args.page_owner_sort, ours, options.split(), dump, scratch, args.runs)
            identical &= row.endswith("True")
            print(row, flush=True)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
