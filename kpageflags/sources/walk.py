"""Where pages come from: ranges of page frames or a process's address space (cached files:
``filewalk``).

Each walker calls ``visit(voffset, pfn, raw_flags, cgroup, mapcnt, pagemap_entry)`` once
per page, in page-types' order, so lists and summaries come out as page-types prints them.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Callable

from .._generated.constants import PM_PFN_MASK, PM_PRESENT, PM_SWAP_OFFSET_MASK, PM_SWAP_OFFSET_SHIFT, PM_SWAPPED
from ..errors import EnvironmentProblem, NotPermitted, ProcessGone, environment_problem
from .procfs import CHUNK_PAGES, KPAGECGROUP, KPAGECOUNT, U64File, read_chunks

Visit = Callable[[int, int, int, int, int, int], None]


def as_u64s(data: bytes) -> memoryview:
    return memoryview(data).cast("Q")


class PfnSource:
    """kpageflags (live or saved) with kpagecgroup and kpagecount alongside when asked for."""

    def __init__(
        self, kpageflags: str, cgroups: bool, counts: bool, threads: int, kpagecount: str = KPAGECOUNT
    ) -> None:
        self.kpageflags = kpageflags
        self.flags = U64File(kpageflags)
        self.cgroups = U64File(KPAGECGROUP) if cgroups else None
        self.counts = U64File(kpagecount) if counts else None
        self.threads = threads

    def close(self) -> None:
        for source in (self.flags, self.cgroups, self.counts):
            if source is not None:
                source.close()

    def lookup(self, pfns: list[int]) -> dict[int, tuple[int, int, int]]:
        """(flags, cgroup, mapcnt) of each page frame, read in runs rather than page by page."""
        found: dict[int, tuple[int, int, int]] = {}
        ordered = sorted(set(pfns))
        start = 0
        while start < len(ordered):
            end = start
            while end + 1 < len(ordered) and ordered[end + 1] - ordered[end] <= 64:
                end += 1
            first, last = ordered[start], ordered[end]
            count = last - first + 1
            flags = as_u64s(self.flags.read(first, count))
            cgroups = as_u64s(self.cgroups.read(first, count)) if self.cgroups else None
            counts = as_u64s(self.counts.read(first, count)) if self.counts else None
            for pfn in ordered[start : end + 1]:
                index = pfn - first
                if index < len(flags):
                    found[pfn] = (
                        flags[index],
                        cgroups[index] if cgroups is not None and index < len(cgroups) else 0,
                        counts[index] if counts is not None and index < len(counts) else 0,
                    )
            start = end + 1
        return found


def walk_pfns(
    source: PfnSource, start: int, size: int, visit: Visit, progress: Callable[[int], None] | None = None
) -> None:
    """page-types' walk_pfn: batches of 65536 frames from ``start``; within each batch the
    virtual offset restarts at ``start``, which is why its -l ranges break at every batch."""
    end = start + size
    if source.flags.entries is not None:
        end = min(end, source.flags.entries)
    chunks = read_chunks(
        source.kpageflags, start, end if end > start else start, threads=source.threads, chunk=CHUNK_PAGES
    )
    for index, data in chunks:
        values = as_u64s(data)
        cgroups = as_u64s(source.cgroups.read(index, len(values))) if source.cgroups else None
        counts = as_u64s(source.counts.read(index, len(values))) if source.counts else None
        if cgroups is not None and len(cgroups) != len(values):
            raise EnvironmentProblem(f"{KPAGECGROUP} returned fewer pages than {source.kpageflags}")
        for i, value in enumerate(values):
            visit(
                start + i,
                index + i,
                value,
                cgroups[i] if cgroups is not None else 0,
                counts[i] if counts is not None else 0,
                0,
            )
        if progress is not None:
            progress(index + len(values))


def vmas(pid: int) -> list[tuple[int, int]]:
    """The process's mappings as page ranges, from /proc/PID/maps."""
    path = f"/proc/{pid}/maps"
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.readlines()
    except FileNotFoundError:
        raise ProcessGone(f"no such process {pid} ({path} does not exist)") from None
    except PermissionError as error:
        raise NotPermitted(
            f"{path}: permission denied; walking another user's process needs root (or the right to ptrace it)",
            error.errno,
        ) from None
    except OSError as error:
        raise environment_problem(f"{path}: {error.strerror}", error.errno) from None
    page = os.sysconf("SC_PAGE_SIZE")
    result = []
    for line in lines:
        fields = line.split()
        if len(fields) < 5 or "-" not in fields[0]:
            sys.stderr.write(f"unexpected line: {line}")
            continue
        low, _, high = fields[0].partition("-")
        result.append((int(low, 16) // page, int(high, 16) // page))
    return result


def open_pagemap(pid: int) -> U64File:
    """/proc/PID/pagemap, or a one-line error saying why not."""
    path = f"/proc/{pid}/pagemap"
    try:
        return U64File(path)
    except EnvironmentProblem as error:
        if error.errno not in (errno.ENOENT, errno.ESRCH):
            raise
        if error.errno == errno.ESRCH and os.path.exists(f"/proc/{pid}"):
            # The kernel answers ESRCH for a process without user memory.
            raise ProcessGone(
                f"{path}: process {pid} has no user address space to walk (a kernel thread, or a process exiting)"
            ) from None
        raise ProcessGone(f"{path}: no such process {pid}") from None


def walk_process(
    pid: int, source: PfnSource, ranges: list[tuple[int, int]], visit: Visit, visit_swap: Callable[[int, int], None]
) -> str | None:
    """page-types' walk_task; returns a message if the process went away part-way."""
    maps = vmas(pid)
    pagemap = open_pagemap(pid)
    try:
        for start, size in ranges or [(0, (1 << 64) - 1)]:
            end = min(start + size, (1 << 64) - 1)
            for low, high in maps:
                if high <= start or low >= end:
                    continue
                first, last = max(low, start), min(high, end)
                for index in range(first, last, CHUNK_PAGES):
                    count = min(CHUNK_PAGES, last - index)
                    try:
                        entries = as_u64s(pagemap.read(index, count))
                    except EnvironmentProblem as error:
                        return f"process {pid} went away during the walk ({error}); the pages walked so far are counted"
                    if not entries:
                        break  # as page-types: nothing to read in this mapping (or the process is gone)
                    present = [e & PM_PFN_MASK for e in entries if e & PM_PRESENT and e & PM_PFN_MASK]
                    info = source.lookup(present) if present else {}
                    for i, entry in enumerate(entries):
                        pfn = entry & PM_PFN_MASK if entry & PM_PRESENT else 0
                        if pfn and pfn in info:
                            flags, cgroup, mapcnt = info[pfn]
                            visit(index + i, pfn, flags, cgroup, mapcnt, entry)
                        if entry & PM_SWAPPED:
                            visit_swap(index + i, entry)
    finally:
        pagemap.close()
    if not os.path.exists(f"/proc/{pid}"):
        return f"process {pid} exited during the walk; the pages walked so far are counted"
    return None


def swap_offset(entry: int) -> int:
    return (entry & PM_SWAP_OFFSET_MASK) >> PM_SWAP_OFFSET_SHIFT if entry & PM_SWAPPED else 0
