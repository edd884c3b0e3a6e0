"""Peak memory of a whole-machine summary, on synthetic kpageflags files of growing size.

Run: python benchmarks/bench_memory.py [--pfns 100000000]

Each file is sparse (holes read as zeros) with a pattern of realistic values written every
few megabytes, so the kernel does not have to store it. The summary must stay below
100 MB of resident memory and not grow with the number of page frames.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

VALUES = [0x0, 0x400, 0x828, 0x86C, 0x1000 | 0x800 | 0x28, 0x4000028, 0x8000, 0x10000 | 0x400000, 0x80]


def make(path: str, pfns: int) -> None:
    with open(path, "wb") as handle:
        handle.truncate(pfns * 8)
        block = b"".join(v.to_bytes(8, "little") for v in VALUES) * 512
        for offset in range(0, pfns * 8 - len(block), 4 << 20):
            handle.seek(offset)
            handle.write(block)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pfns", type=int, default=100_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        for pfns in (1_000_000, 10_000_000, args.pfns):
            path = os.path.join(directory, f"kpf-{pfns}.bin")
            make(path, pfns)
            # ru_maxrss of children is the largest child so far, so measure each size in its own process.
            script = (
                "import resource,subprocess,sys\n"
                "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,check=True)\n"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
            )
            start = time.perf_counter()
            result = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    script,
                    sys.executable,
                    "-m",
                    "kpageflags",
                    "page-types",
                    "--no-progress",
                    "--kernel",
                    "6.18",
                    "-F",
                    path,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            elapsed = time.perf_counter() - start
            print(
                f"{pfns:>12,} PFNs ({pfns * 8 >> 20:>5} MiB file): peak {int(result.stdout) / 1024:6.1f} MB, "
                f"{elapsed:5.2f} s"
            )
            os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
