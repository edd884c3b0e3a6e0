"""Shared test helpers: where the repository is, the newest covered release, and reading this
machine's /proc files in ways that give the same answer on a busy machine as on an idle one.

Tests that read the running kernel (page files, processes, cgroups, sysfs) are marked ``live``;
``pytest -m "not live"`` runs only tests whose every input is a file in the repository or one
the test wrote, and a test that opens the kernel's page data without the mark fails.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, NamedTuple, TypeVar

import pytest
import slabtrees

from kpageflags import releases

REPO = Path(__file__).resolve().parent.parent
KPAGEFLAGS = Path("/proc/kpageflags")
PAGE = os.sysconf("SC_PAGE_SIZE")

# The newest release the spec covers, and a name just past it that no spec covers yet: tests
# that mean "the newest" use these, so adding a release stays a change to spec/ alone.
NEWEST = releases()[-1]
SETTLING_SECONDS = 90
"""How long a test waits for a resting process's pages to stop moving between frames."""
_major, _minor = NEWEST.split(".")[:2]
UNCOVERED_NEXT = f"{_major}.{int(_minor) + 1}"

Function = TypeVar("Function", bound=Callable[..., Any])


def readable(path: Path) -> bool:
    """Whether the file exists and a first 8-byte read succeeds (root is needed for kpageflags)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return len(os.pread(fd, 8, 0)) == 8
    except OSError:
        return False
    finally:
        os.close(fd)


@pytest.fixture(scope="session")
def _kpageflags_readable() -> None:
    if not readable(KPAGEFLAGS):
        pytest.skip("/proc/kpageflags is absent or unreadable here (it needs root and CONFIG_PROC_PAGE_MONITOR)")


def needs_kpageflags(test: Function) -> Function:
    """For a test that reads this machine's page frames: marked live, skipped where they are unreadable."""
    marked: Function = pytest.mark.live(pytest.mark.usefixtures("_kpageflags_readable")(test))
    return marked


# What a test without the live mark must never open: the kernel's page data and counters.
_LIVE_FILES = re.compile(
    r"^/proc/(kpage\w+|(self|\d+)/(pagemap|smaps\w*|maps)|buddyinfo|zoneinfo|meminfo|vmstat|config\.gz)$"
    r"|^/sys/(kernel/mm|fs/cgroup|devices/system/memory)(/|$)"
)
_unmarked_test: list[str] = []


def _refuse_live_reads(event: str, args: tuple[Any, ...]) -> None:
    if not _unmarked_test or event != "open" or not isinstance(args[0], (str, os.PathLike)):
        return
    path = os.fspath(args[0])
    if isinstance(path, str) and _LIVE_FILES.match(path):
        raise AssertionError(f"{_unmarked_test[0]} reads {path} from the running kernel but is not marked live")


sys.addaudithook(_refuse_live_reads)


@pytest.fixture(autouse=True)
def _live_reads_need_the_mark(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("live") is not None:
        yield
        return
    _unmarked_test.append(request.node.nodeid)
    try:
        yield
    finally:
        _unmarked_test.clear()


@contextmanager
def process_touching(megabytes: int, huge_pages: bool = False) -> Iterator[int]:
    """A child process that has touched ``megabytes`` of private anonymous memory and waits,
    so nothing moves while a test reads it; yields its pid."""
    advice = "m.madvise(getattr(mmap, 'MADV_HUGEPAGE', mmap.MADV_NORMAL))\n" if huge_pages else ""
    # Collapsed now (MADV_COLLAPSE, 25, from 6.1), the huge pages do not move later under
    # khugepaged while a test reads them; older kernels refuse the advice, which changes nothing.
    collapse = "try: m.madvise(getattr(mmap, 'MADV_COLLAPSE', 25))\nexcept OSError: pass\n" if huge_pages else ""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import mmap, sys\n"
            f"m = mmap.mmap(-1, {megabytes} << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n"
            f"{advice}for i in range(0, {megabytes} << 20, mmap.PAGESIZE): m[i] = 1\n"
            f"{collapse}"
            "print('ready', flush=True)\nsys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield child.pid
    finally:
        child.communicate("", timeout=30)


def mappings(pid: int, private_anonymous: bool = False) -> list[tuple[int, int]]:
    """A process's mappings as (first, end) virtual page numbers, or only its private anonymous
    ones, which no other process can map."""
    ranges = []
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        addresses, perms, _, _, inode = line.split()[:5]
        if not private_anonymous or (perms == "rw-p" and inode == "0"):
            low, high = (int(address, 16) // PAGE for address in addresses.split("-"))
            ranges.append((low, high))
    return ranges


def present_frames(pid: int, ranges: list[tuple[int, int]] | None = None) -> list[int]:
    """The page frame behind each present page of a process (or of ``ranges`` of it), in address order."""
    frames = []
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for low, high in mappings(pid) if ranges is None else ranges:
            pagemap.seek(low * 8)
            for (entry,) in struct.iter_unpack("<Q", pagemap.read((high - low) * 8)):
                if entry >> 63 and entry & ((1 << 55) - 1):
                    frames.append(entry & ((1 << 55) - 1))
    return frames


Result = TypeVar("Result")


def while_frames_hold(pid: int, reads: Callable[[], Result]) -> Result:
    """``reads()``, which reads a resting process's pages more than once, from an attempt during
    which none of its pages moved to another frame.

    A process that does nothing keeps its pages, but the kernel may still migrate them
    (compaction, khugepaged collapsing a huge page, NUMA balancing); reads on either side of a
    migration see different frames, so that attempt proves nothing and is made again. Migrations
    come in bursts (khugepaged scans every 10 s by default, proactive compaction runs in
    rounds), so the attempts go on, further apart, for up to SETTLING_SECONDS: on a busy machine
    three attempts in a row can all meet one burst."""
    deadline = time.monotonic() + SETTLING_SECONDS
    attempts = 0
    while True:
        attempts += 1
        before = present_frames(pid)
        result = reads()
        if present_frames(pid) == before:
            return result
        if attempts >= 3 and time.monotonic() > deadline:
            break
        time.sleep(min(attempts, 5))
    pytest.fail(f"process {pid}'s pages moved to other frames during each of {attempts} attempts")


def kpageflags_entries() -> int:
    """How many frames /proc/kpageflags has (its size reads as 0): where reads start returning nothing."""
    fd = os.open(KPAGEFLAGS, os.O_RDONLY)
    try:
        has, past = 0, 1
        while os.pread(fd, 8, past * 8):
            has, past = past, past * 2
        while past - has > 1:
            middle = (has + past) // 2
            has, past = (middle, past) if os.pread(fd, 8, middle * 8) else (has, middle)
        return past
    finally:
        os.close(fd)


def save_kpageflags(path: Path, entries: int | None = None) -> Path:
    """A copy of /proc/kpageflags (its first ``entries`` entries, or all), for reads that must agree."""
    with open(KPAGEFLAGS, "rb", buffering=0) as live, open(path, "wb") as saved:
        while entries is None or saved.tell() < entries * 8:
            want = 1 << 20 if entries is None else min(1 << 20, entries * 8 - saved.tell())
            data = live.read(want)
            if not data:
                break
            saved.write(data)
    return path


class ZoneCounters(NamedTuple):
    managed: int
    free: int
    per_cpu_pages: int  # on the per-CPU free lists, which the buddy allocator does not count
    per_cpu_high: int  # the most those lists hold before they give pages back


class KernelCounters(NamedTuple):
    """The kernel's page event counters (/proc/vmstat) and each zone's free pages, read together.

    Two reads of a live machine disagree by the pages that changed state between them. The
    kernel counts most such changes: every allocation (``pgalloc_<zone>``) and every free
    (``pgfree``), in pages. Reading these before and after a scan bounds what the scan can have
    seen move, so a test compares with a tolerance that follows from what the machine did."""

    events: dict[str, int]
    zones: dict[str, ZoneCounters]

    @classmethod
    def read(cls) -> KernelCounters:
        events = {}
        for line in Path("/proc/vmstat").read_text().splitlines():
            name, value = line.split()
            events[name] = int(value)
        zones: dict[str, list[int]] = {}
        label = ""
        for line in Path("/proc/zoneinfo").read_text().splitlines():
            fields = line.split()
            if line.startswith("Node"):
                label = f"node{fields[1].rstrip(',')}/{fields[3]}"
                zones[label] = [0, 0, 0, 0]
            elif fields[:1] == ["managed"]:
                zones[label][0] = int(fields[1])
            elif fields[:1] == ["nr_free_pages"]:
                zones[label][1] = int(fields[1])
            elif fields[:1] == ["count:"]:
                zones[label][2] += int(fields[1])
            elif fields[:1] == ["high:"]:
                zones[label][3] += int(fields[1])
        return cls(events, {name: ZoneCounters(*values) for name, values in zones.items()})

    def _since(self, before: KernelCounters, *names: str) -> int:
        return sum(self.events.get(name, 0) - before.events.get(name, 0) for name in names)

    def pages_allocated_or_freed_since(self, before: KernelCounters) -> int:
        """The most pages that can have joined or left any kind of use (slab, page cache, a
        cgroup, ...) between the two readings: each did so by being allocated or freed."""
        allocations = [name for name in self.events if name.startswith("pgalloc_")]
        return self._since(before, *allocations, "pgfree")

    def file_pages_off_the_lru_since(self, before: KernelCounters) -> int:
        """Page-cache pages that may be off the LRU lists at a moment between the two readings,
        and so show neither lru nor mmap: new pages waiting in per-CPU batches to be added (31 a
        CPU, FOLIO_BATCH_SIZE), and pages reclaim or migration holds isolated (nr_isolated_file,
        the larger of its two readings)."""
        cpus = os.sysconf("SC_NPROCESSORS_CONF")
        return 31 * cpus + max(self.events.get("nr_isolated_file", 0), before.events.get("nr_isolated_file", 0))

    def free_pages_moved_since(self, before: KernelCounters, zone: str) -> int:
        """The most pages of ``zone`` (a label like node0/Normal) that can have entered or left
        the buddy allocator between the two readings.

        A page leaves it when allocated: counted in pgalloc of its zone type (summed over
        nodes), or taken as a target by compaction (compact_isolated). A page enters it when
        freed, and only a page in use at the start or allocated since can be freed: at most
        that many of pgfree (counted for all zones) are this zone's. Pages also cross between
        the buddy allocator and the per-CPU lists without being counted: what the lists held
        at the start, and when anything was allocated, refills of at most their high mark.
        Memory hotplug changes the managed pages. Reporting free pages to a hypervisor and
        taking a contiguous range (CMA, gigantic pages) lift free pages off the lists uncounted
        too, but only pages freed moments before, or in a zone that is being allocated from.
        A zone nobody allocates from and whose pages are all free therefore cannot move at
        all, and its counts must agree exactly."""
        start, end = before.zones[zone], self.zones[zone]
        name = zone.split("/")[1].lower()
        pgalloc = f"pgalloc_{'high' if name == 'highmem' else name}"
        if pgalloc in self.events:
            allocated = self._since(before, pgalloc)
        else:
            allocated = self._since(before, *(n for n in self.events if n.startswith("pgalloc_")))
        freed = min(self._since(before, "pgfree"), start.managed - start.free + allocated)
        per_cpu = start.per_cpu_pages + (max(start.per_cpu_high, end.per_cpu_high) if allocated else 0)
        hotplugged = abs(end.managed - start.managed)
        return allocated + freed + per_cpu + hotplugged + self._since(before, "compact_isolated")


@contextmanager
def readable_by_everyone(*files: Path) -> Iterator[Path]:
    """A world-readable directory holding a copy of the package and of ``files``, for tests that
    run as an unprivileged user: the checkout itself may sit in a root-only directory."""
    shared = Path(tempfile.mkdtemp(prefix="kpf-shared-"))
    try:
        shutil.copytree(REPO / "kpageflags", shared / "kpageflags")
        for path in files:
            shutil.copy(path, shared / path.name)
        os.chmod(shared, 0o755)
        for root, dirs, names in os.walk(shared):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
            for name in names:
                os.chmod(os.path.join(root, name), 0o644)
        yield shared
    finally:
        shutil.rmtree(shared)


def modules_imported_by(argv: list[str], watched: tuple[str, ...]) -> list[str]:
    """Which of the ``watched`` modules running ``kpageflags ARGV`` loads in a fresh interpreter,
    kpageflags taken from the source tree without site (an editable install's finder brings re
    and importlib); the command must succeed."""
    program = (
        "import io, sys\n"
        "before = set(sys.modules)\n"
        "from kpageflags.cli import main\n"
        "sys.stdout = io.TextIOWrapper(io.BytesIO())\n"
        f"status = main({argv!r})\n"
        "sys.stdout = sys.__stdout__\n"
        f"print(status, *sorted(name for name in {watched!r} if name in set(sys.modules) - before))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-S", "-c", program], capture_output=True, text=True, check=True, env=environment
    )
    status, *modules = result.stdout.split()
    assert status == "0", result.stderr
    return modules


def snapshot_of_files(output: Path, kernel: str = "6.18.44", **paths: Path | str) -> Path:
    """A snapshot of saved files (part name to path), written to ``output``."""
    from kpageflags.sources.files import SavedFiles
    from kpageflags.sources.snapshot_writer import take_snapshot

    take_snapshot(str(output), SavedFiles({part: str(path) for part, path in paths.items()}, kernel=kernel))
    return output


@pytest.fixture(scope="session")
def slab_trees(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The slab trees of tests/slabtrees.py, written once for every test that reads them (tens of
    thousands of files); no test writes to them (kpageflags slabinfo refuses to with --sysfs)."""
    return slabtrees.standard_trees(tmp_path_factory.mktemp("slabtrees"))


needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None,
    reason="drawing needs matplotlib (the plot extra), which is not installed here (CI's Python 3.9 run has no numpy)",
)
"""For tests that draw pictures; what kpageflags does without matplotlib is tested on its own."""
