"""Streaming the pages of a machine, a process, cached files or a memory cgroup.

Every reader streams in chunks, so memory stays bounded whatever the size of the machine,
and each takes ``kpageflags=`` to read a saved copy instead of /proc/kpageflags.

>>> import kpageflags.sources.scan as scan
>>> frames = scan.page_frames(kpageflags="tests/fixtures/page-types-sample/inputs/realistic-unique.bin")
>>> next(frames)
PageFrame(pfn=0, flags=0, map_count=None, cgroup=None)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import NamedTuple

from .._generated.constants import PM_PFN_MASK, PM_PRESENT
from .procfs import KPAGECGROUP, KPAGECOUNT, KPAGEFLAGS, U64File, read_chunks


class PageFrame(NamedTuple):
    """One page frame: its kpageflags value, and its map count and memory cgroup inode when asked."""

    pfn: int
    flags: int
    map_count: int | None
    cgroup: int | None


def page_frames(
    start: int = 0,
    end: int | None = None,
    *,
    kpageflags: str = KPAGEFLAGS,
    counts: bool = False,
    cgroups: bool = False,
    threads: int = 2,
) -> Iterator[PageFrame]:
    """The page frames ``start`` <= pfn < ``end`` (default: all), read ahead in parallel."""
    count_file = U64File(KPAGECOUNT) if counts else None
    cgroup_file = U64File(KPAGECGROUP) if cgroups else None
    try:
        for index, data in read_chunks(kpageflags, start, end, threads=threads):
            flags = memoryview(data).cast("Q")
            page_counts = memoryview(count_file.read(index, len(flags))).cast("Q") if count_file else None
            page_cgroups = memoryview(cgroup_file.read(index, len(flags))).cast("Q") if cgroup_file else None
            for i, value in enumerate(flags):
                yield PageFrame(
                    index + i,
                    value,
                    page_counts[i] if page_counts is not None and i < len(page_counts) else None,
                    page_cgroups[i] if page_cgroups is not None and i < len(page_cgroups) else None,
                )
    finally:
        for source in (count_file, cgroup_file):
            if source is not None:
                source.close()


def summarise(
    start: int = 0, end: int | None = None, *, kpageflags: str = KPAGEFLAGS, threads: int = 2
) -> dict[int, int]:
    """Pages per distinct kpageflags value, in the order the values first appear; fast."""
    from ..analysis.counting import FlagCounter

    counter = FlagCounter()
    for _, data in read_chunks(kpageflags, start, end, threads=threads, chunk=1 << 17):
        counter.add(data)
    return counter.items()


def cgroup_inode(cgroup: str | int) -> int:
    """The memory cgroup's inode number, from a cgroup directory or ``@INODE`` or an int."""
    if isinstance(cgroup, int):
        return cgroup
    if cgroup.startswith("@"):
        return int(cgroup[1:], 0)
    return os.stat(cgroup).st_ino


def cgroup_frames(cgroup: str | int, *, kpageflags: str = KPAGEFLAGS, threads: int = 2) -> Iterator[PageFrame]:
    """The page frames charged to one memory cgroup (by path or inode), from /proc/kpagecgroup."""
    inode = cgroup_inode(cgroup)
    for frame in page_frames(kpageflags=kpageflags, cgroups=True, threads=threads):
        if frame.cgroup == inode:
            yield frame


class Vma(NamedTuple):
    """A mapping of a process, from /proc/PID/maps (addresses in bytes)."""

    start: int
    end: int
    perms: str
    offset: int
    device: str
    inode: int
    path: str


class ProcessPage(NamedTuple):
    """A virtual page of a process: its pagemap entry and, when present and visible, its frame."""

    address: int
    vma: Vma
    entry: int
    pfn: int | None
    flags: int | None


def mappings(pid: int) -> list[Vma]:
    """The mappings of a process."""
    with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as handle:
        return parse_maps(handle.read())


def parse_maps(text: str) -> list[Vma]:
    """The mappings listed in the text of a /proc/PID/maps file."""
    result = []
    for line in text.splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) < 5:
            continue
        low, _, high = fields[0].partition("-")
        result.append(
            Vma(
                int(low, 16),
                int(high, 16),
                fields[1],
                int(fields[2], 16),
                fields[3],
                int(fields[4]),
                fields[5].strip() if len(fields) > 5 else "",
            )
        )
    return result


def process_pages(pid: int, *, kpageflags: str = KPAGEFLAGS, present_only: bool = True) -> Iterator[ProcessPage]:
    """The pages of a process, mapping by mapping, with the kpageflags of present ones.

    Frame numbers read as 0 without CAP_SYS_ADMIN; then ``pfn`` and ``flags`` are None.
    """
    from .walk import PfnSource

    page = os.sysconf("SC_PAGE_SIZE")
    source = PfnSource(kpageflags, cgroups=False, counts=False, threads=1)
    pagemap = U64File(f"/proc/{pid}/pagemap")
    try:
        for vma in mappings(pid):
            first, last = vma.start // page, vma.end // page
            for index in range(first, last, 1 << 16):
                entries = memoryview(pagemap.read(index, min(1 << 16, last - index))).cast("Q")
                if not entries:
                    break
                frames = [e & PM_PFN_MASK for e in entries if e & PM_PRESENT and e & PM_PFN_MASK]
                info = source.lookup(frames) if frames else {}
                for i, entry in enumerate(entries):
                    present = bool(entry & PM_PRESENT)
                    if present_only and not present:
                        continue
                    pfn = entry & PM_PFN_MASK if present and entry & PM_PFN_MASK else None
                    flags = info[pfn][0] if pfn is not None and pfn in info else None
                    yield ProcessPage((index + i) * page, vma, entry, pfn, flags)
    finally:
        pagemap.close()
        source.close()


def summarise_process(pid: int, *, kpageflags: str = KPAGEFLAGS, threads: int = 2) -> dict[int, int]:
    """Pages per distinct kpageflags value among a process's present pages, in the order the
    values first appear walking its address space; fast (``page-types -p``'s way: each frame
    read once, in runs, numpy if installed). A frame mapped at two addresses counts twice."""
    from ..analysis.counting import FlagCounter, numpy_available
    from .processwalk import ProcessSummary, WideFlags, decode_key

    counter = FlagCounter()
    walk = ProcessSummary(pid, kpageflags, [], threads)
    try:
        walk.count(False, counter.add, use_numpy=numpy_available())
    except WideFlags:
        counts: dict[int, int] = {}
        for page in process_pages(pid, kpageflags=kpageflags):
            if page.flags is not None:
                counts[page.flags] = counts.get(page.flags, 0) + 1
        return counts
    finally:
        walk.close()
    summary: dict[int, int] = {}
    for key, pages in counter.items().items():
        flags, _, swap_only = decode_key(key)
        if not swap_only:
            summary[flags] = summary.get(flags, 0) + pages
    return summary


class CachedPage(NamedTuple):
    """A page of a file that is in the page cache: the file, the page's number in it, its frame."""

    path: str
    page: int
    pfn: int
    flags: int


def cached_pages(path: str, *, kpageflags: str = KPAGEFLAGS) -> Iterator[CachedPage]:
    """The cached pages of a file, or of every file under a directory (not following links or
    crossing mounts). Only pages already cached are touched: no disk I/O, no readahead."""
    from .filewalk import files_under, walk_file
    from .walk import PfnSource

    source = PfnSource(kpageflags, cgroups=False, counts=False, threads=1)
    try:
        names = [path] if os.path.isfile(path) else list(files_under(path))
        for name in names:
            found: list[CachedPage] = []

            def visit(
                voffset: int,
                pfn: int,
                raw: int,
                cgroup: int,
                mapcnt: int,
                entry: int,
                name: str = name,
                found: list[CachedPage] = found,
            ) -> None:
                found.append(CachedPage(name, voffset, pfn, raw))

            walk_file(name, source, [], visit)
            yield from found
    finally:
        source.close()
