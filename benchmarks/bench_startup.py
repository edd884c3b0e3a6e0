"""Start-up costs: the interpreter alone, `import kpageflags`, and a small page-types -f run.

Run: python benchmarks/bench_startup.py [--rounds 15] [--page-types PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(argv: list[str], rounds: int) -> float:
    values = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        values.append(time.perf_counter() - start)
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--page-types", help="a page-types binary to time as well")
    args = parser.parse_args()
    with tempfile.NamedTemporaryFile(suffix=".bin") as small:
        small.write(os.urandom(64 << 10))
        small.flush()
        with open(small.name, "rb") as handle:
            handle.read()
        runs: dict[str, list[str]] = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import kpageflags": [sys.executable, "-c", "import kpageflags"],
            "kpageflags page-types -f (64 KiB file)": [
                sys.executable,
                "-m",
                "kpageflags",
                "page-types",
                "--no-progress",
                "-f",
                small.name,
            ],
        }
        if args.page_types:
            runs["page-types -f (C)"] = [args.page_types, "-f", small.name]
        results = {name: timed(argv, args.rounds) for name, argv in runs.items()}
    base = results["python -c pass"]
    for name, value in results.items():
        extra = f" ({(value - base) * 1000:+.0f} ms over the interpreter)" if name != "python -c pass" else ""
        print(f"{name:42s} {value * 1000:6.1f} ms{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
