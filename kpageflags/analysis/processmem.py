"""A process's memory per mapping: RSS, PSS and USS from kpagecount, anon and file, swap, THP.

Each VMA's pagemap entries are read in runs; the kpageflags and kpagecount of its present frames
are then read in runs too (not one pread per page). PSS divides each frame by its map count as
/proc/kpagecount reports it, so it is an estimate where the kernel reports a large folio's
count approximately; /proc/PID/smaps stays the reference.

Without CAP_SYS_ADMIN the kernel hides frame numbers: RSS and swap are still counted, but
PSS, USS, anon/file and THP need the frames and come out as None.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from .._generated.constants import (
    KPF_ANON,
    KPF_COMPOUND_TAIL,
    KPF_HUGE,
    KPF_THP,
    PM_FILE_OR_SHARED_ANON,
    PM_PFN_MASK,
    PM_PRESENT,
    PM_SWAPPED,
)
from ..errors import EnvironmentProblem
from ..sources.processes import Vma

if TYPE_CHECKING:
    from ..sources.processes import CapturedProcess
    from ..sources.source import FrameLookup, PageSource

ANON, THP, HUGETLB, TAIL = (1 << bit for bit in (KPF_ANON, KPF_THP, KPF_HUGE, KPF_COMPOUND_TAIL))


class VmaMemory(NamedTuple):
    """Page counts of one mapping; ``pss`` is in pages (a fraction)."""

    vma: Vma
    rss: int
    swapped: int
    pss: float | None
    uss: int | None
    anon: int | None
    file: int
    thp: int | None
    hugetlb: int | None
    thp_folios: dict[int, int] | None = None
    """Transparent huge folios mapped here, by their mapped size in pages (512 for a 2 MiB
    PMD THP with 4 KiB pages, 16 for a 64 KiB mTHP); a folio mapped only in part counts with
    the part that is mapped here."""

    @property
    def thp_share(self) -> float | None:
        """Part of the resident pages that sit in transparent huge pages (any size: mTHP too)."""
        if self.thp is None or not self.rss:
            return None
        return self.thp / self.rss


def vma_memory(vma: Vma, entries: Iterable[int], lookup: FrameLookup | None) -> VmaMemory:
    """Counts for one mapping from its pagemap entries (and its frames' flags and map counts)."""
    rss = swapped = file_pages = 0
    frames: list[int] = []
    for entry in entries:
        if entry & PM_PRESENT:
            rss += 1
            if entry & PM_FILE_OR_SHARED_ANON:
                file_pages += 1
            if entry & PM_PFN_MASK:
                frames.append(entry & PM_PFN_MASK)
        elif entry & PM_SWAPPED:
            swapped += 1
    if lookup is None or len(frames) < rss:
        return VmaMemory(vma, rss, swapped, None, None, None, file_pages, None, None)
    info = lookup(frames)
    pss, uss, anon, thp, hugetlb = 0.0, 0, 0, 0, 0
    folios = _FolioSizes()
    for pfn in frames:
        flags, count = info.get(pfn, (0, 1))
        pss += 1.0 / count if count > 1 else 1.0
        uss += count <= 1
        anon += bool(flags & ANON)
        thp += bool(flags & THP)
        hugetlb += bool(flags & HUGETLB)
        folios.add(pfn, flags)
    return VmaMemory(vma, rss, swapped, pss, uss, anon, file_pages, thp, hugetlb, folios.finish())


class _FolioSizes:
    """Walks a mapping's frames in address order: a huge folio is its head frame and the tail
    frames that follow it both in the mapping and in physical memory."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}
        self.current = 0
        self.last_pfn = -2

    def add(self, pfn: int, flags: int) -> None:
        continues = flags & THP and flags & TAIL and self.current and pfn == self.last_pfn + 1
        if not continues:
            self._close()
            if flags & THP:
                self.current = 1  # a head, or a tail whose head is not mapped here
        else:
            self.current += 1
        self.last_pfn = pfn

    def _close(self) -> None:
        if self.current:
            self.sizes[self.current] = self.sizes.get(self.current, 0) + 1
        self.current = 0

    def finish(self) -> dict[int, int]:
        self._close()
        return dict(sorted(self.sizes.items()))


def process_memory(source: PageSource, pid: int) -> list[VmaMemory]:
    """Per-mapping counts of a process of a source: a live one, or one a snapshot captured."""
    captured = source.process(pid)
    try:
        lookup: FrameLookup | None = source.frame_lookup([captured])
    except EnvironmentProblem:  # not root: the kernel hides frame numbers from us anyway
        lookup = None
    return memory_of(captured, lookup, source.page_size)


def memory_of(process: CapturedProcess, frames: FrameLookup | None, page_size: int) -> list[VmaMemory]:
    """Per-mapping counts of a captured process, with ``frames`` giving (flags, map count) of
    frame numbers (None when they cannot be read)."""
    values = memoryview(process.entries).cast("Q")
    result = []
    offset = 0
    for vma in process.vmas:
        pages = vma.pages(page_size) if vma.captured else 0
        result.append(vma_memory(vma, values[offset : offset + pages], frames))
        offset += pages
    return result
