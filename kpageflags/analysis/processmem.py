"""A process's memory per mapping: RSS, PSS and USS from kpagecount, anon and file, swap, THP.

Each VMA's pagemap entries are read in runs; the kpageflags and kpagecount of its present frames
are then read in runs too (not one pread per page). PSS divides each frame by its map count as
/proc/kpagecount reports it, so it is an estimate where the kernel reports a large folio's
count approximately; /proc/PID/smaps stays the reference.

Without CAP_SYS_ADMIN the kernel hides frame numbers: RSS and swap are still counted, but
PSS, USS, anon/file and THP need the frames and come out as None.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Callable, NamedTuple

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
from ..errors import KpageflagsError
from ..sources.procfs import KPAGECOUNT, KPAGEFLAGS, U64File
from ..sources.scan import Vma, mappings, parse_maps

RUN = 1 << 16
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


FrameLookup = Callable[[list[int]], dict[int, tuple[int, int]]]


def _frame_lookup(kpageflags: str, kpagecount: str) -> tuple[FrameLookup, Callable[[], None]]:
    from ..sources.walk import PfnSource

    source = PfnSource(kpageflags, cgroups=False, counts=True, threads=1, kpagecount=kpagecount)

    def lookup(pfns: list[int]) -> dict[int, tuple[int, int]]:
        return {pfn: (flags, count) for pfn, (flags, _, count) in source.lookup(pfns).items()}

    return lookup, source.close


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


def process_memory(
    pid: int, *, kpageflags: str = KPAGEFLAGS, kpagecount: str = KPAGECOUNT, page_size: int | None = None
) -> list[VmaMemory]:
    """Per-mapping counts for a live process."""
    page = page_size or os.sysconf("SC_PAGE_SIZE")
    vmas = mappings(pid)
    pagemap = U64File(f"/proc/{pid}/pagemap")
    try:
        try:
            lookup, close = _frame_lookup(kpageflags, kpagecount)
        except KpageflagsError:  # not root: the kernel hides frame numbers from us anyway
            return [vma_memory(vma, _entries(pagemap, vma.start // page, vma.end // page), None) for vma in vmas]
        try:
            return [vma_memory(vma, _entries(pagemap, vma.start // page, vma.end // page), lookup) for vma in vmas]
        finally:
            close()
    finally:
        pagemap.close()


def _entries(pagemap: U64File, first: int, last: int) -> Iterable[int]:
    for index in range(first, last, RUN):
        data = pagemap.read(index, min(RUN, last - index))
        if not data:
            return
        yield from memoryview(data).cast("Q")


def capture(pid: int, page_size: int | None = None) -> tuple[str, bytes]:
    """The text of a process's maps and the pagemap entries of each mapping, in maps order."""
    page = page_size or os.sysconf("SC_PAGE_SIZE")
    with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    pagemap = U64File(f"/proc/{pid}/pagemap")
    try:
        parts = []
        for vma in parse_maps(text):
            if not _captured(vma):
                continue
            entries = b"".join(
                pagemap.read(index, min(RUN, vma.end // page - index))
                for index in range(vma.start // page, vma.end // page, RUN)
            )
            # A mapping that went away mid-read leaves zeros, keeping every later mapping in place.
            parts.append(entries.ljust((vma.end - vma.start) // page * 8, b"\0"))
    finally:
        pagemap.close()
    return text, b"".join(parts)


def _captured(vma: Vma) -> bool:
    """Inaccessible mappings are address-space reservations (a JVM's or a sanitizer's can span
    terabytes) that hold no pages, so a capture stores no entries for them."""
    return not vma.perms.startswith("---")


def memory_from_capture(
    maps_text: str, entries: bytes, frames: Callable[[list[int]], dict[int, tuple[int, int]]], page_size: int
) -> list[VmaMemory]:
    """Per-mapping counts from a captured maps text and pagemap, with ``frames`` giving
    (flags, map count) of frame numbers."""
    values = memoryview(entries).cast("Q")
    result = []
    offset = 0
    for vma in parse_maps(maps_text):
        pages = (vma.end - vma.start) // page_size if _captured(vma) else 0
        result.append(vma_memory(vma, values[offset : offset + pages], frames))
        offset += pages
    return result


def process_flag_counts(
    pid: int, lookup: Callable[[list[int]], dict[int, int]], page_size: int | None = None
) -> dict[int, int]:
    """How many of a live process's resident pages show each kpageflags value."""
    page = page_size or os.sysconf("SC_PAGE_SIZE")
    maps_text, entries = capture(pid, page)
    del maps_text
    return flag_counts(present_frames(entries), lookup)


def present_frames(entries: bytes) -> list[int]:
    """The frame numbers of the present entries of captured pagemap data (hidden ones, 0, left out)."""
    return [e & PM_PFN_MASK for e in memoryview(entries).cast("Q") if e & PM_PRESENT and e & PM_PFN_MASK]


def flag_counts(frames: list[int], lookup: Callable[[list[int]], dict[int, int]]) -> dict[int, int]:
    """Pages per kpageflags value over ``frames`` (a frame mapped twice counts twice)."""
    flags = lookup(frames)
    counts: dict[int, int] = {}
    for pfn in frames:
        value = flags.get(pfn, 0)
        counts[value] = counts.get(value, 0) + 1
    return counts
