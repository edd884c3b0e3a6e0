"""page-types -p on a process with touched anonymous memory, against the least it must read.

Run as root: python benchmarks/bench_process.py [--gib 4] [--rounds 3] [--page-types PATH] [--installed PATH]

The floor is a plain single-thread program that reads the process's whole pagemap, then
each kpageflags entry its present pages need, once each, in runs of neighbouring frames:
what any tool has to read. A second line times those reads alone (the runs worked out
beforehand), the least the kernel's side costs, for comparison.

Commands run with Python's bytecode cache on, as an installed package has it, whatever
PYTHONDONTWRITEBYTECODE says in the calling shell.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from side_by_side import report, side_by_side

PFN_MASK = (1 << 55) - 1


def child(gib: int, ready: Path) -> subprocess.Popen[bytes]:
    code = (
        "import mmap,pathlib,time\n"
        f"m=mmap.mmap(-1,{gib}<<30,flags=mmap.MAP_PRIVATE|mmap.MAP_ANONYMOUS)\n"
        "page=mmap.PAGESIZE\n"
        "for i in range(0,len(m),1<<20): m[i:i+(1<<20)]=bytes(1<<20)\n"
        f"pathlib.Path({str(ready)!r}).touch()\ntime.sleep(3600)\n"
    )
    return subprocess.Popen([sys.executable, "-c", code])


def pagemap_reads(pid: int) -> list[tuple[int, int]]:
    page = os.sysconf("SC_PAGE_SIZE")
    reads: list[tuple[int, int]] = []
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            low, high = (int(x, 16) // page for x in line.split()[0].split("-"))
            reads.extend((start, min(1 << 16, high - start)) for start in range(low, high, 1 << 16))
    return reads


def frame_runs(pfns: list[int]) -> list[tuple[int, int]]:
    """Sorted frames as reads of neighbours no more than 64 apart."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(pfns):
        end = index
        while end + 1 < len(pfns) and pfns[end + 1] - pfns[end] <= 64:
            end += 1
        runs.append((pfns[index], pfns[end] - pfns[index] + 1))
        index = end + 1
    return runs


def floor(pid: int) -> None:
    pagemap = os.open(f"/proc/{pid}/pagemap", os.O_RDONLY)
    kpageflags = os.open("/proc/kpageflags", os.O_RDONLY)
    pfns: list[int] = []
    for start, count in pagemap_reads(pid):
        data = os.pread(pagemap, count * 8, start * 8)
        pfns.extend(e & PFN_MASK for e in memoryview(data).cast("Q") if e >> 63)
    pfns.sort()
    for first, count in frame_runs(pfns):
        os.pread(kpageflags, count * 8, first * 8)
    os.close(pagemap)
    os.close(kpageflags)


def reads_alone(pid: int) -> Callable[[], None]:
    """The floor's reads without its work of finding the frames (done once, beforehand)."""
    reads = pagemap_reads(pid)
    pfns: list[int] = []
    with open(f"/proc/{pid}/pagemap", "rb", buffering=0) as pagemap:
        for start, count in reads:
            pagemap.seek(start * 8)
            pfns.extend(e & PFN_MASK for e in memoryview(pagemap.read(count * 8)).cast("Q") if e >> 63)
    runs = frame_runs(sorted(pfns))

    def run() -> None:
        pagemap = os.open(f"/proc/{pid}/pagemap", os.O_RDONLY)
        kpageflags = os.open("/proc/kpageflags", os.O_RDONLY)
        for start, count in reads:
            os.pread(pagemap, count * 8, start * 8)
        for first, count in runs:
            os.pread(kpageflags, count * 8, first * 8)
        os.close(pagemap)
        os.close(kpageflags)

    return run


def in_process(pid: int, with_numpy: bool = True) -> Callable[[], None]:
    def run() -> None:
        import kpageflags.sources.counting
        from kpageflags.pagetypes.run import main

        found = kpageflags.sources.counting.numpy_available
        if not with_numpy:
            kpageflags.sources.counting.numpy_available = lambda: False
        try:
            main(["--no-progress", "-p", str(pid)], out=io.StringIO(), err=io.StringIO())
        finally:
            kpageflags.sources.counting.numpy_available = found

    return run


def command(argv: list[str]) -> Callable[[], None]:
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

    def run() -> None:
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, env=environment)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gib", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page-types", help="a page-types binary to time as well")
    parser.add_argument(
        "--installed", metavar="PATH", help="a kpageflags command installed from the wheel, to time as well"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        ready = Path(directory) / "ready"
        process = child(args.gib, ready)
        try:
            while not ready.exists():
                time.sleep(0.1)
            contenders: dict[str, Callable[[], None]] = {
                "floor: pagemap + needed kpageflags, once each": lambda: floor(process.pid),
                "the floor's reads alone (frames known beforehand)": reads_alone(process.pid),
                "in-process page-types -p": in_process(process.pid),
                "in-process page-types -p, without numpy": in_process(process.pid, with_numpy=False),
                "kpageflags page-types -p (CLI)": command(
                    [sys.executable, "-m", "kpageflags", "page-types", "--no-progress", "-p", str(process.pid)]
                ),
            }
            if args.installed:
                contenders["kpageflags page-types -p (installed wheel)"] = command(
                    [args.installed, "page-types", "--no-progress", "-p", str(process.pid)]
                )
            if args.page_types:
                contenders["page-types -p (C)"] = command([args.page_types, "-p", str(process.pid)])
            medians = side_by_side(contenders, args.rounds)
        finally:
            process.kill()
            process.wait()
    report(medians, f"{args.gib} GiB touched; median of {args.rounds} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
