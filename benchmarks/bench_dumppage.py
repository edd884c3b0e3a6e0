"""dump-page on a long kernel log: finding the reports, and checking them, with and without releases.

Run by hand: python benchmarks/bench_dumppage.py [--reports N] [--lines-per-report L]

The log repeats the reports of tests/fixtures/dumppage (42 kernels, one of which names no
release) between lines of ordinary kernel chatter, N reports in N * L lines. Each step runs in
a fresh process, so the caches built while checking start empty, as they do for a user.

Whole process, kernel_log(4000, 50) (4000 reports in 200,000 lines, 63 distinct reports),
farm-bench -n 5 medians, 2 cores, run from outside the worktree so PYTHONPATH picks the tree:
  before the streaming reader (4e807e7):            3.60 s CPU, 82.7 MiB peak
  streaming reader, arch hints, point releases:     11.13 s CPU, 43.3 MiB peak
  + LogChecker, per-line arch cache, line fast path: 6.44 s CPU, 44.1 MiB peak
    (0.57x the streaming reader; still 1.77x the figure before it)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "fixtures" / "dumppage"
NO_RELEASE = CORPUS / "005-syzkaller-7.0-rc8-x86_64.txt"
CHATTER = (
    "[{t:12.6f}] EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.",
    '[{t:12.6f}] audit: type=1400 audit({t:.3f}:42): apparmor="STATUS" operation="profile_load"',
    "[{t:12.6f}] usb 1-1: new high-speed USB device number 2 using xhci_hcd",
    "[{t:12.6f}] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
)


def kernel_log(reports: int, lines_per_report: int) -> str:
    """A log of ``reports`` corpus reports, each followed by chatter up to ``lines_per_report`` lines."""
    texts = [path.read_text(errors="replace").rstrip("\n").splitlines() for path in sorted(CORPUS.glob("*.txt"))]
    lines: list[str] = []
    clock = 1.0
    for number in range(reports):
        report = texts[number % len(texts)]
        lines.extend(report)
        for filler in range(max(0, lines_per_report - len(report))):
            clock += 0.001
            lines.append(CHATTER[filler % len(CHATTER)].format(t=clock))
    return "\n".join(lines) + "\n"


def timed(*arguments: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kpageflags", *arguments], capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--lines-per-report", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kpf-bench-") as directory:
        log = Path(directory) / "kern.log"
        log.write_text(kernel_log(args.reports, args.lines_per_report))
        small = Path(directory) / "small.log"
        small.write_text(kernel_log(args.reports // 10, args.lines_per_report))
        lines = args.reports * args.lines_per_report
        sys.path.insert(0, str(REPO))
        from kpageflags.reports.dumppage import find_reports

        for name, path in ((f"{args.reports // 10} reports", small), (f"{args.reports} reports", log)):
            text = path.read_text()
            start = time.perf_counter()
            found = find_reports(text)
            print(f"find_reports, {name}: {time.perf_counter() - start:.2f} s ({len(found)} found)")
        print(f"startup (kpageflags --help): {timed('--help'):.2f} s")
        print(f"dump-page, one report naming no release: {timed('dump-page', str(NO_RELEASE)):.2f} s")
        print(f"dump-page -k 6.18, the same report: {timed('dump-page', '-k', '6.18', str(NO_RELEASE)):.2f} s")
        print(f"dump-page, {args.reports // 10} reports in {lines // 10} lines: {timed('dump-page', str(small)):.2f} s")
        print(f"dump-page, {args.reports} reports in {lines} lines: {timed('dump-page', str(log)):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
