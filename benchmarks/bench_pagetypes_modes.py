"""Every page-types mode as whole processes: kpageflags against the kernel's C page-types.

Run as root: python benchmarks/bench_pagetypes_modes.py [--rounds N] [--modes a,b]
    [--page-types PATH [--page-types PATH2]] [--installed PATH [--installed PATH2]] [--file PATH]
    [--dir PATH] [--cgroup PATH] [--saved PATH] [--process-gib N]

Each mode runs ``kpageflags page-types ARGS --no-progress`` (with numpy, and with a numpy whose
import fails; for each ``--installed`` command when several are given) and each
``--page-types`` binary with the same ARGS, output to /dev/null, one warm-up run each and then
``--rounds`` rounds alternating between the contenders. Each row prints the median wall time,
its ratio to the first C tool's and to the floor (one thread reading /proc/kpageflags with
os.pread in 1 MiB chunks and nothing else), the least CPU time (user and system, from wait4)
and its ratio to the first C tool's, and the peak resident memory of the process (ru_maxrss
from wait4). On a shared, loaded machine the wall times wait for other work; the least CPU
time of several runs is the steadier comparison. A mode a contender rejects (non-zero exit)
prints "n/a" for it, and its first error line below the table.

What the modes need is made only when a chosen mode needs it: a 1 GiB file read once so it is
cached (``-f``), another of which a sixth is cached (the partly-cached modes; made where the
scratch directory is (TMPDIR), which must not be a tmpfs: its pages cannot be dropped), a helper
process holding 1 GiB of touched memory (``-p``, killed afterwards; ``--process-gib`` sets its
size) and a copy of /proc/kpageflags (``-F``, unless ``--saved`` names one).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

KPAGEFLAGS = "/proc/kpageflags"
GIB = 1 << 30
PAGE = 4096

MODES: dict[str, tuple[str, ...]] = {
    "summary": (),
    "raw": ("-r",),
    "raw-list": ("-r", "-l"),
    "no-summary-list": ("-N", "-l"),
    "no-summary-each": ("-N", "-L"),
    "list": ("-l",),
    "list-each": ("-L",),
    "list-mapcnt": ("-l", "-M"),
    "list-each-mapcnt": ("-L", "-M"),
    "list-cgroup": ("-l", "-C"),
    "list-each-cgroup": ("-L", "-C"),
    "bits-anon": ("-b", "anon"),
    "bits-anon-list": ("-b", "anon", "-l"),
    "bits-inactive-lru-each": ("-b", "lru,~active", "-L"),
    "addr-range-list": ("-a", "0x100000,0x200000", "-l"),
    "addr-range-each": ("-a", "0x100000,0x110000", "-L"),
    "cgroup-path": ("-c", "{cgroup}"),
    "cgroup-inode": ("-c", "@{cgroup_inode}"),
    "cgroup-list": ("-c", "{cgroup}", "-l"),
    "file": ("-f", "{file}"),
    "file-list": ("-f", "{file}", "-l"),
    "file-each": ("-f", "{file}", "-L"),
    "partly-cached-file": ("-f", "{partial}"),
    "partly-cached-file-list": ("-f", "{partial}", "-l"),
    "partly-cached-file-each": ("-f", "{partial}", "-L"),
    "dir": ("-f", "{dir}"),
    "dir-list": ("-f", "{dir}", "-l"),
    "pid": ("-p", "{pid}"),
    "pid-each": ("-p", "{pid}", "-L"),
    "pid-list-raw": ("-p", "{pid}", "-l", "-r"),
    "pid-bits-list": ("-p", "{pid}", "-b", "anon", "-l"),
    "pid-no-summary-list": ("-p", "{pid}", "-N", "-l"),
    "pid-list-mapcnt": ("-p", "{pid}", "-l", "-M"),
    "pid-each-cgroup": ("-p", "{pid}", "-L", "-C"),
    "saved-summary": ("-F", "{saved}"),
    "saved-list": ("-F", "{saved}", "-l"),
    "saved-each": ("-F", "{saved}", "-L"),
}
"""Each mode's page-types arguments; ``{name}`` stands for what the machine provides (Fixtures)."""


def placeholders(arguments: Sequence[str]) -> set[str]:
    """The ``{name}`` fields the arguments use."""
    return {name for argument in arguments for _, name, _, _ in string.Formatter().parse(argument) if name}


def filled(arguments: Sequence[str], values: Mapping[str, object]) -> list[str]:
    return [argument.format(**values) for argument in arguments]


@dataclass
class Run:
    seconds: float
    peak_kib: int
    error: str | None = None
    cpu_seconds: float = 0.0


GNU_TIME = "/usr/bin/time"


def run_process(argv: list[str], env: Mapping[str, str] | None = None) -> Run:
    """Wall time and peak resident memory of one whole process, its output thrown away.

    A child's ru_maxrss starts from the resident size of the process it was forked from (Linux
    keeps the larger at exec), so the command is started from GNU time, a process of a few
    hundred KiB, which reports the command's own peak; without it the figure includes this
    benchmark's own size."""
    with tempfile.NamedTemporaryFile("r") as peak_file:
        launcher = [GNU_TIME, "-f", "%M", "-o", peak_file.name] if os.access(GNU_TIME, os.X_OK) else []
        start = time.perf_counter()
        child = subprocess.Popen(launcher + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        assert child.stderr is not None
        errors = child.stderr.read()  # small: only error lines; read before waiting so the pipe never fills
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        reported = peak_file.read().split()
    peak_kib = int(reported[-1]) if launcher and reported and reported[-1].isdigit() else usage.ru_maxrss
    code = os.waitstatus_to_exitcode(status)
    error = None
    if code != 0:
        error = (errors.decode(errors="replace").strip().splitlines() or [f"exit {code}"])[0]
    return Run(seconds, peak_kib, error, usage.ru_utime + usage.ru_stime)


def floor() -> Run:
    start = time.perf_counter()
    fd = os.open(KPAGEFLAGS, os.O_RDONLY)
    offset = 0
    while data := os.pread(fd, 1 << 20, offset):
        offset += len(data)
    os.close(fd)
    return Run(time.perf_counter() - start, 0)


@dataclass
class Contender:
    name: str
    command: list[str]
    env: dict[str, str] | None = None

    def run(self, arguments: list[str]) -> Run:
        return run_process(self.command + arguments, self.env)


def timing_env() -> dict[str, str]:
    """The environment a real install runs in: byte-code caches used."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def kpageflags_command(installed: str | None) -> list[str]:
    if installed:
        return [installed]
    script = os.path.join(os.path.dirname(sys.executable), "kpageflags")
    return [script] if os.access(script, os.X_OK) else [sys.executable, "-m", "kpageflags"]


def install_name(installed: str) -> str:
    """A short name for an installed kpageflags command: its environment's directory."""
    return os.path.basename(os.path.dirname(os.path.dirname(os.path.abspath(installed))))


def without_numpy(directory: str) -> dict[str, str]:
    """An environment whose ``import numpy`` fails, as on a machine without it."""
    package = os.path.join(directory, "numpy")
    os.makedirs(package, exist_ok=True)
    with open(os.path.join(package, "__init__.py"), "w") as handle:
        handle.write('raise ImportError("numpy hidden by bench_pagetypes_modes")\n')
    env = timing_env()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [directory, env.get("PYTHONPATH")]))
    return env


def contenders(args: argparse.Namespace, scratch: str) -> list[Contender]:
    result = [Contender(f"C {os.path.basename(path)}", [path]) for path in args.page_types or []]
    installs = args.installed or [None]
    for installed in installs:
        page_types = [*kpageflags_command(installed), "page-types", "--no-progress"]
        suffix = f" {install_name(installed)}" if installed and len(installs) > 1 else ""
        result.append(Contender(f"kpageflags{suffix}", page_types, timing_env()))
        result.append(Contender(f"no numpy{suffix}", page_types, without_numpy(scratch)))
    return distinct_names(result)


def distinct_names(players: list[Contender]) -> list[Contender]:
    """The contenders, each name made unique: two installs in environments of one name (two
    .venv directories), or two C tools of one file name, would otherwise pool their runs."""
    seen: dict[str, int] = {}
    for player in players:
        seen[player.name] = seen.get(player.name, 0) + 1
        if seen[player.name] > 1:
            player.name = f"{player.name} #{seen[player.name]}"
    return players


def memory_cgroup_root() -> str:
    """The root of the memory cgroup hierarchy: cgroup v2's root if it has the memory
    controller, else cgroup v1's memory mount."""
    with open("/proc/self/mounts") as mounts:
        entries = [line.split() for line in mounts]
    for _, point, kind, *_ in entries:
        controllers = os.path.join(point, "cgroup.controllers")
        if kind == "cgroup2" and os.path.exists(controllers):
            with open(controllers) as handle:
                if "memory" in handle.read().split():
                    return point
    for _, point, kind, options, *_ in entries:
        if kind == "cgroup" and "memory" in options.split(","):
            return point
    raise SystemExit("no memory cgroup is mounted: give --cgroup PATH")


def cached_file(path: str, size: int) -> None:
    """A file of ``size`` bytes (made if missing or of another size), read once so it is cached."""
    if not os.path.exists(path) or os.path.getsize(path) != size:
        block = bytes(range(256)) * (8 << 12)
        with open(path, "wb") as handle:
            for _ in range(size // len(block)):
                handle.write(block)
    with open(path, "rb") as handle:
        while handle.read(8 << 20):
            pass


def partly_cached_file(path: str, size: int) -> None:
    """A file of ``size`` bytes (made if missing or of another size) of which only the first 16
    KiB of every 96 KiB is cached, a sixth of its pages in runs of four: its cached pages are
    dropped (it is written back first, as only clean pages can be), and those pieces read
    with readahead off."""
    cached_file(path, size)
    piece, every = 16 << 10, 96 << 10
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_RANDOM)
        for offset in range(0, size, every):
            os.pread(fd, piece, offset)
    finally:
        os.close(fd)


@contextlib.contextmanager
def touched_memory(size: int) -> Iterator[int]:
    """A helper process holding ``size`` bytes of anonymous memory, every page written; its pid."""
    script = (
        "import sys\n"
        "n = int(sys.argv[1])\n"
        "memory = bytearray(n)\n"
        "memory[::4096] = b'\\x01' * len(range(0, n, 4096))\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
    )
    helper = subprocess.Popen(
        [sys.executable, "-c", script, str(size)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert helper.stdout is not None
        if helper.stdout.readline().strip() != "ready":
            raise SystemExit("the helper process that touches memory did not start")
        yield helper.pid
    finally:
        helper.kill()
        helper.wait()


@dataclass
class Fixtures:
    """What the chosen modes' placeholders stand for, made on first use and cleaned up after."""

    args: argparse.Namespace
    scratch: str
    stack: contextlib.ExitStack
    values: dict[str, object] = field(default_factory=dict)

    def value(self, name: str) -> object:
        if name not in self.values:
            self.values[name] = getattr(self, f"_make_{name}")()
        return self.values[name]

    def _make_cgroup(self) -> str:
        return str(self.args.cgroup or memory_cgroup_root())

    def _make_cgroup_inode(self) -> int:
        return os.stat(str(self.value("cgroup"))).st_ino

    def _make_file(self) -> str:
        path = self.args.file or os.path.join(self.scratch, "cached-1g.bin")
        cached_file(path, GIB)
        return str(path)

    def _make_partial(self) -> str:
        path = os.path.join(self.scratch, "partly-cached-1g.bin")
        partly_cached_file(path, GIB)
        return path

    def _make_dir(self) -> str:
        return str(self.args.dir or os.path.dirname(os.__file__))

    def _make_pid(self) -> int:
        return self.stack.enter_context(touched_memory(self.args.process_gib * GIB))

    def _make_saved(self) -> str:
        if self.args.saved:
            return str(self.args.saved)
        path = os.path.join(self.scratch, "kpageflags")
        shutil.copyfile(KPAGEFLAGS, path)
        return path


def measure(
    arguments: list[str], players: list[Contender], rounds: int, warmups: int
) -> tuple[dict[str, list[Run]], list[Run]]:
    """Each contender's runs of one mode, and the floor's, alternating round by round."""
    runs: dict[str, list[Run]] = {player.name: [] for player in players}
    floors: list[Run] = []
    for _ in range(warmups):
        for player in players:
            player.run(arguments)
    for _ in range(rounds):
        floors.append(floor())
        for player in players:
            runs[player.name].append(player.run(arguments))
    return runs, floors


Times = tuple[float, float]
"""The median wall time and the least CPU time of a contender's runs."""

WIDTH = 44


def cell(runs: list[Run], base: Times | None, floor_seconds: float) -> tuple[str, Times | None]:
    """``wall ms (x base, x floor) cpu ms (x base) peak MiB`` for a contender, or n/a if any
    run failed."""
    if any(run.error for run in runs):
        return f"{'n/a':>{WIDTH}}", None
    median = statistics.median(run.seconds for run in runs)
    cpu = min(run.cpu_seconds for run in runs)
    peak = max(run.peak_kib for run in runs) / 1024
    versus_base = f"{median / base[0]:5.2f}x" if base else "     -"
    cpu_versus_base = f"{cpu / base[1]:5.2f}x" if base and base[1] else "     -"
    text = f"{median * 1000:8.0f} {versus_base} {median / floor_seconds:5.2f}f {cpu * 1000:6.0f} {cpu_versus_base}"
    return f"{text} {peak:6.1f}M", (median, cpu)


def report(mode: str, arguments: list[str], runs: dict[str, list[Run]], floors: list[Run]) -> None:
    floor_seconds = statistics.median(run.seconds for run in floors)
    base: Times | None = None
    cells = []
    for name, player_runs in runs.items():
        text, times = cell(player_runs, base, floor_seconds)
        if base is None and name.startswith("C ") and times is not None:
            base = times
        cells.append(text)
    print(f"{mode:24s} {' '.join(cells)}   page-types {' '.join(arguments)}", flush=True)
    for name, player_runs in runs.items():
        failed = next((run for run in player_runs if run.error), None)
        if failed:
            print(f"{'':24s} {name}: {failed.error}", flush=True)


def chosen_modes(text: str | None) -> list[str]:
    if not text:
        return list(MODES)
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in MODES]
    if unknown:
        raise SystemExit(f"unknown mode(s): {', '.join(unknown)}; modes: {', '.join(MODES)}")
    return names


def parser() -> argparse.ArgumentParser:
    result = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument("--rounds", type=int, default=5)
    result.add_argument("--warmups", type=int, default=1, help="untimed runs of each contender first (default 1)")
    result.add_argument("--modes", help=f"comma-separated subset of: {', '.join(MODES)}")
    result.add_argument(
        "--page-types",
        action="append",
        metavar="PATH",
        help="a C page-types binary (repeat for several; ratios are to the first)",
    )
    result.add_argument(
        "--installed",
        action="append",
        metavar="PATH",
        help="a kpageflags command installed from the wheel (repeat to time installs side by side, such as "
        "before and after a change)",
    )
    result.add_argument("--file", help="the 1 GiB file for -f (made and cached if missing)")
    result.add_argument(
        "--process-gib", type=int, default=1, metavar="N", help="GiB the helper process touches for -p (default 1)"
    )
    result.add_argument("--dir", help="the directory for -f DIR (default: Python's standard library)")
    result.add_argument("--cgroup", help="the cgroup directory for -c (default: the memory cgroup root)")
    result.add_argument("--saved", help="a saved kpageflags file for -F (default: a copy made now)")
    return result


def main() -> int:
    args = parser().parse_args()
    modes = chosen_modes(args.modes)
    if not os.access(KPAGEFLAGS, os.R_OK):
        print(f"{KPAGEFLAGS} is readable by root only: run this benchmark as root", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-pagetypes-") as scratch, contextlib.ExitStack() as stack:
        players = contenders(args, scratch)
        fixtures = Fixtures(args, scratch, stack)
        heading = " ".join(f"{player.name[:WIDTH]:>{WIDTH}}" for player in players)
        print(
            f"median wall of {args.rounds} rounds: ms, x first C, x floor (f); least CPU time: ms, x first C; peak RSS"
        )
        if not os.access(GNU_TIME, os.X_OK):
            print(f"no {GNU_TIME} (Debian: time): each peak includes this benchmark's own resident size")
        print(f"{'mode':24s} {heading}")
        for mode in modes:
            values = {name: fixtures.value(name) for name in placeholders(MODES[mode])}
            arguments = filled(MODES[mode], values)
            runs, floors = measure(arguments, players, args.rounds, args.warmups)
            report(mode, arguments, runs, floors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
