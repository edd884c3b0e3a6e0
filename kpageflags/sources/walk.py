"""Where a process's pages come from (cached files: ``filewalk``; frame ranges are read by
``PageSource.read``). The walks hand on runs of like pages (``pageruns.PageRuns``) in
page-types' order, so lists and summaries come out as page-types prints them.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_right

from .._generated.constants import PM_SWAP_OFFSET_MASK, PM_SWAP_OFFSET_SHIFT, PM_SWAPPED
from ..errors import EnvironmentProblem
from ..output.progress import SILENT, Progress
from .pageruns import PageRuns, split_runs, swapped_pages
from .processes import maps_text, open_pagemap
from .procfs import CHUNK_PAGES, U64File
from .source import KPAGECGROUP, KPAGECOUNT, KPAGEFLAGS

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any, Callable

    from .pageruns import RunVisit
    from .source import PageSource


def as_u64s(data: bytes) -> memoryview:
    return memoryview(data).cast("Q")


class PfnSource:
    """Single frames of kpageflags, with kpagecgroup and kpagecount alongside when given."""

    def __init__(self, flags: U64File, cgroups: U64File | None, counts: U64File | None) -> None:
        self.flags, self.cgroups, self.counts = flags, cgroups, counts

    @classmethod
    def of(cls, source: PageSource, *, cgroups: bool, counts: bool) -> PfnSource:
        """The page files of a random-access source (see ``PageSource.random_access``)."""
        opened: list[U64File] = []
        try:
            for part, wanted in ((KPAGEFLAGS, True), (KPAGECGROUP, cgroups), (KPAGECOUNT, counts)):
                if wanted:
                    opened.append(source.page_file(part))
        except BaseException:
            for page_file in opened:
                page_file.close()
            raise
        flags = opened.pop(0)
        return cls(flags, opened.pop(0) if cgroups else None, opened.pop(0) if counts else None)

    @property
    def files(self) -> list[U64File | None]:
        """kpageflags, kpagecgroup and kpagecount, None for those not read."""
        return [self.flags, self.cgroups, self.counts]

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


def vmas(pid: int) -> list[tuple[int, int]]:
    """The process's mappings as page ranges, from /proc/PID/maps, read as page-types reads it."""
    page = os.sysconf("SC_PAGE_SIZE")
    result = []
    for line in maps_text(pid).splitlines(keepends=True):
        fields = line.split()
        if len(fields) < 5 or "-" not in fields[0]:
            sys.stderr.write(f"unexpected line: {line}")
            continue
        low, _, high = fields[0].partition("-")
        result.append((int(low, 16) // page, int(high, 16) // page))
    return result


# Pages of a process walk's batch. Its runs are handed on as lists of Python ints, one run a
# page where memory is fragmented, so fewer pages a batch keep those lists small, with numpy or
# without. Measured on processes with 4 GiB touched, without numpy: -L -C peaked at 54-67 MiB
# with batches of 65,536 pages and at 25-28 MiB with these; -l took 553 ms against 761 (whole
# processes, medians of 5 alternating runs).
BATCH_PAGES = CHUNK_PAGES // 4


def walk_process(
    pid: int,
    frames: Callable[[], PfnSource],
    ranges: list[tuple[int, int]],
    visit: RunVisit,
    visit_swap: Callable[[int, int], None],
    progress: Progress = SILENT,
    numpy_for: Callable[[int], Any | None] = lambda pages: None,
) -> str | None:
    """page-types' walk_task, run by run (see ``pageruns``): swapped pages are handed to
    ``visit_swap`` in between, in page order. Returns a message if the process went away
    part-way. The frames are opened once the process is (so that one that cannot be read is
    said first). ``numpy_for`` is told the number of virtual pages to walk and gives numpy
    (runs are then found by array operations) or None."""
    maps = vmas(pid)
    pagemap = open_pagemap(pid)
    try:
        source = frames()
    except BaseException:
        pagemap.close()
        raise
    spans = [
        (max(low, start), min(high, start + size))
        for start, size in ranges or [(0, (1 << 64) - 1)]
        for low, high in maps
        if high > start and low < start + size
    ]
    pages = sum(last - first for first, last in spans)
    np = numpy_for(pages)
    batch = BATCH_PAGES
    meter = progress.meter("pages", pages)
    walked = 0
    try:
        for first, last in spans:
            for index in range(first, last, batch):
                count = min(batch, last - index)
                try:
                    entries = pagemap.read(index, count)
                except EnvironmentProblem as error:
                    return f"process {pid} went away during the walk ({error}); the pages walked so far are counted"
                if entries:
                    walked += count
                    meter.update(walked)
                else:
                    walked += last - index
                    break  # as page-types: nothing to read in this mapping (or the process is gone)
                runs = split_runs(index, entries, source.files, np)
                swapped = swapped_pages(entries)
                if swapped:
                    _interleave(runs, [(index + i, as_u64s(entries)[i]) for i in swapped], visit, visit_swap)
                elif runs.counts:
                    visit(runs)
    finally:
        meter.close()
        pagemap.close()
        source.close()
    if not os.path.exists(f"/proc/{pid}"):
        return f"process {pid} exited during the walk; the pages walked so far are counted"
    return None


def _interleave(
    runs: PageRuns, swaps: list[tuple[int, int]], visit: RunVisit, visit_swap: Callable[[int, int], None]
) -> None:
    """Hands on runs and swapped pages in page order; a page both present and swapped (as
    page-types reads the bits, both may be set) is handed on as a frame, then as a swap entry."""
    columns = [list(column) for column in runs]
    voffsets, counts = columns[0], columns[2]
    done = 0
    for voffset, entry in swaps:
        end = bisect_right(voffsets, voffset, lo=done)
        if end > done and voffsets[end - 1] + counts[end - 1] > voffset + 1:
            # The run holding the page goes on after it: cut it there.
            head = voffset + 1 - voffsets[end - 1]
            for column in columns:
                column.insert(end, column[end - 1])
            counts[end - 1] = head
            counts[end] -= head
            for moved in (voffsets, columns[1], columns[6]):
                moved[end] += head
        if end > done:
            visit(PageRuns(*(column[done:end] for column in columns)))
            done = end
        visit_swap(voffset, entry)
    if done < len(voffsets):
        visit(PageRuns(*(column[done:] for column in columns)))


def swap_offset(entry: int) -> int:
    return (entry & PM_SWAP_OFFSET_MASK) >> PM_SWAP_OFFSET_SHIFT if entry & PM_SWAPPED else 0
