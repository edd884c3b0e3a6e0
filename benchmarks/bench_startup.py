"""Start-up costs as whole processes: the interpreter, the imports page-types needs, and short runs
of the tools whose time is mostly start-up, against the C tools when given. Two rows are
floors that no Python implementation can go below: numpy's import (which a long walk with
numpy pays), and the interpreter reading the entries of `-a 0x100000,0x110000 -L` and
writing as many bytes as its lines, unformatted.

Run (as root for the page-types and slabinfo rows):
    python benchmarks/bench_startup.py [--rounds 15] [--installed BIN [--installed BIN2]]
        [--page-types PATH] [--slabinfo PATH] [--page-owner-sort PATH] [--stages a,b]

``--installed`` names a ``kpageflags`` console script (its interpreter is the ``python`` beside
it); with two, each stage compares them, as before and after a change (install each from a
wheel into its own environment and byte-compile it first, as pip does for users). Without it,
the script beside this interpreter runs, or ``python -m kpageflags``.

One warm-up run of every command, then ``--rounds`` rounds, each running every command once in
turn. Each row prints the least CPU time (user and system, from wait4) of the rounds, the
steadier figure on a shared machine, and the median wall time; the heading says the load.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from side_by_side import load, processes_side_by_side

SMALL_DUMP_RECORDS = 100

# What any Python program for `page-types -a 0x100000,0x110000 -L` must do, and no more: start
# the interpreter (without even the site module), read the 65,536 entries and write as many
# bytes as the 65,537 lines take (a 6-digit frame number, a tab, 43 letters and a newline
# each), none of them formatted. No implementation in Python can be faster than this.
READ_AND_WRITE_ONLY = """
import os
data = os.pread(os.open("/proc/kpageflags", os.O_RDONLY), 8 * 0x10000, 8 * 0x100000)
os.write(1, bytes(13 + 0x10000 * (6 + 1 + 43 + 1)))
"""


def stages(python: str, script: list[str], file: str, dump: str, out: str) -> dict[str, list[str]]:
    """Each stage's command line for one install; ``script`` runs its kpageflags command."""
    return {
        "interpreter without site (python -S)": [python, "-S", "-c", "pass"],
        "interpreter": [python, "-c", "pass"],
        "import numpy (the fast extra)": [python, "-c", "import numpy"],
        "reading and writing alone for -a 0x100000,0x110000 -L": [python, "-S", "-c", READ_AND_WRITE_ONLY],
        "import re (the console script does)": [python, "-c", "import re"],
        "import re and page-types": [python, "-c", "import re, kpageflags.pagetypes.run"],
        "page-types -a 0x100000,0x100001 -N -l": [*script, "page-types", "-a", "0x100000,0x100001", "-N", "-l"],
        "page-types -a 0x100000,0x110000 -L": [*script, "page-types", "-a", "0x100000,0x110000", "-L"],
        "page-types -f (64 KiB file)": [*script, "page-types", "-f", file],
        "slabinfo -r dentry": [*script, "slabinfo", "-r", "dentry"],
        f"page-owner-sort ({SMALL_DUMP_RECORDS} records)": [*script, "page-owner-sort", dump, out],
    }


def c_stages(args: argparse.Namespace, file: str, dump: str, out: str) -> dict[str, list[str]]:
    """The C tools' command lines for the stages they have."""
    commands: dict[str, list[str]] = {}
    if args.page_types:
        commands["page-types -a 0x100000,0x100001 -N -l"] = [args.page_types, "-a", "0x100000,0x100001", "-N", "-l"]
        commands["page-types -a 0x100000,0x110000 -L"] = [args.page_types, "-a", "0x100000,0x110000", "-L"]
        commands["page-types -f (64 KiB file)"] = [args.page_types, "-f", file]
    if args.slabinfo:
        commands["slabinfo -r dentry"] = [args.slabinfo, "-r", "dentry"]
    if args.page_owner_sort:
        commands[f"page-owner-sort ({SMALL_DUMP_RECORDS} records)"] = [args.page_owner_sort, dump, out]
    return commands


def kpageflags_script(installed: str | None) -> tuple[str, list[str]]:
    """The interpreter and the kpageflags command of an install."""
    if installed:
        return os.path.join(os.path.dirname(installed), "python"), [installed]
    beside = os.path.join(os.path.dirname(sys.executable), "kpageflags")
    return sys.executable, [beside] if os.path.exists(beside) else [sys.executable, "-m", "kpageflags"]


def install_name(installed: str | None) -> str:
    """A short name for an install: its environment's directory."""
    if installed is None:
        return "this"
    return os.path.basename(os.path.dirname(os.path.dirname(os.path.abspath(installed))))


def runnable(name: str) -> bool:
    """Whether this machine can run a stage: page-types reads /proc/kpageflags (root only) and
    slabinfo /sys/kernel/slab."""
    if name.startswith("page-types -a") or "-a 0x100000" in name:
        return os.access("/proc/kpageflags", os.R_OK)
    if name.startswith("slabinfo"):
        return os.path.isdir("/sys/kernel/slab/dentry")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--installed", action="append", help="a kpageflags console script (repeat to compare)")
    parser.add_argument("--page-types", help="the C page-types, timed on its stages as well")
    parser.add_argument("--slabinfo", help="the C slabinfo")
    parser.add_argument("--page-owner-sort", help="the C page_owner_sort")
    parser.add_argument("--stages", help="comma-separated words: only the stages whose name contains one")
    args = parser.parse_args()
    from kpageflags.pageowner.synthetic import write_dump

    with tempfile.TemporaryDirectory() as scratch:
        file, dump, out = (os.path.join(scratch, name) for name in ("small.bin", "page_owner.txt", "sorted.txt"))
        with open(file, "wb") as small:
            small.write(os.urandom(64 << 10))
        with open(dump, "w") as text:
            write_dump(text, "6.18", SMALL_DUMP_RECORDS, seed=1)
        installs = args.installed or [None]
        per_install = {installed: stages(*kpageflags_script(installed), file, dump, out) for installed in installs}
        in_c = c_stages(args, file, dump, out)
        wanted = args.stages.split(",") if args.stages else None
        commands: dict[str, list[str]] = {}
        for stage in per_install[installs[0]]:
            if not runnable(stage) or (wanted is not None and not any(word in stage for word in wanted)):
                continue
            for installed, commands_of_install in per_install.items():
                suffix = f" [{install_name(installed)}]" if len(installs) > 1 else ""
                commands[stage + suffix] = commands_of_install[stage]
            if stage in in_c:
                commands[stage + " [C]"] = in_c[stage]
        heading = f"{args.rounds} rounds, {load()} before"
        results = processes_side_by_side(commands, args.rounds)
    print(f"{heading}; {load()} after")
    print(f"{'':58s} {'CPU (least)':>12s} {'wall (median)':>14s}")
    for name, timing in results.items():
        print(f"{name:58s} {timing.cpu * 1000:9.1f} ms {timing.wall * 1000:11.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
