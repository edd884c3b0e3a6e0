"""Peak memory of page-types on synthetic kpageflags files of growing size.

Run: python benchmarks/bench_memory.py [--pfns 100000000] [--dir DIR] [--modes summary,-l,-L] [--no-numpy]

Each file is sparse (holes read as zeros): every 4 MiB it holds a stretch of realistic values
that change at every page frame (runs of one) followed by one value repeated for 32,768 frames
(a long run), then a hole (a longer run of zeros), so the kernel does not have to store it and
a list meets runs of every length. A summary of each size runs, and on the largest (100 million
frames, an 800 MB file, by default) the lists ``-l`` and ``-L`` as well, output to /dev/null.
Each must stay below 64 MiB of resident memory and not grow with the number of page frames.
``--no-numpy`` runs them with a numpy whose import fails, as on a machine without it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from bench_pagetypes_modes import run_process, without_numpy

VALUES = [0x0, 0x400, 0x828, 0x86C, 0x1000 | 0x800 | 0x28, 0x4000028, 0x8000, 0x10000 | 0x400000, 0x80]
LONG_RUN = (0x828).to_bytes(8, "little") * 32768
STRIDE = 4 << 20
LIMIT_MIB = 64
MODES = {"summary": (), "-l": ("-l",), "-L": ("-L",)}


def make(path: str, pfns: int) -> None:
    """A sparse file of ``pfns`` entries, written a stretch at a time."""
    block = b"".join(v.to_bytes(8, "little") for v in VALUES) * 512 + LONG_RUN
    with open(path, "wb") as handle:
        handle.truncate(pfns * 8)
        for offset in range(0, pfns * 8 - len(block), STRIDE):
            handle.seek(offset)
            handle.write(block)


def measure(path: str, pfns: int, mode: str, env: dict[str, str] | None) -> str:
    argv = [sys.executable, "-m", "kpageflags", "page-types", "--no-progress", "--kernel", "6.18", "-F", path]
    run = run_process(argv + list(MODES[mode]), env)
    if run.error:
        return f"{pfns:>12,} PFNs {mode:8s}: failed: {run.error}"
    peak = run.peak_kib / 1024
    verdict = "ok" if peak < LIMIT_MIB else f"OVER {LIMIT_MIB} MiB"
    return (
        f"{pfns:>12,} PFNs ({pfns * 8 >> 20:>5} MiB file) {mode:8s}: peak {peak:6.1f} MiB "
        f"{run.seconds:7.2f} s  {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pfns", type=int, default=100_000_000)
    parser.add_argument("--dir", help="where to write the files (default: a temporary directory)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"on the largest file; of {', '.join(MODES)}")
    parser.add_argument("--no-numpy", action="store_true", help="run page-types with numpy's import failing")
    args = parser.parse_args()
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown:
        parser.error(f"unknown mode(s): {', '.join(unknown)}")
    sizes = sorted({min(1_000_000, args.pfns), min(10_000_000, args.pfns), args.pfns})
    with tempfile.TemporaryDirectory(dir=args.dir) as directory:
        env = without_numpy(directory) if args.no_numpy else None
        for pfns in sizes:
            path = os.path.join(directory, f"kpf-{pfns}.bin")
            make(path, pfns)
            for mode in modes if pfns == sizes[-1] else ["summary"]:
                print(measure(path, pfns, mode, env), flush=True)
            os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
