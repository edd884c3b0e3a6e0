"""Streaming the pages of a machine, a process, cached files or a memory cgroup.

Every reader streams in chunks, so memory stays bounded whatever the size of the machine,
and each takes ``source=`` (a :class:`~kpageflags.sources.source.PageSource`; default: this
machine) to read saved copies or a snapshot instead of /proc.

>>> from kpageflags.sources.files import SavedFiles
>>> saved = SavedFiles({"kpageflags": "tests/fixtures/page-types-sample/inputs/realistic-unique.bin"})
>>> next(page_frames(source=saved))
PageFrame(pfn=0, flags=0, map_count=None, cgroup=None)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from .._generated.constants import PM_PFN_MASK, PM_PRESENT
from .processes import Vma, open_pagemap, parse_maps
from .source import KPAGECGROUP, KPAGECOUNT, KPAGEFLAGS

if TYPE_CHECKING:
    from .pageruns import PageRuns
    from .source import PageSource

__all__ = [
    "CachedPage",
    "PageFrame",
    "ProcessPage",
    "Vma",
    "cached_pages",
    "cgroup_frames",
    "cgroup_inode",
    "page_frames",
    "parse_maps",
    "process_pages",
    "summarise",
    "summarise_process",
]


def _or_live(source: PageSource | None) -> PageSource:
    from .files import LiveSource

    return LiveSource() if source is None else source


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
    source: PageSource | None = None,
    counts: bool = False,
    cgroups: bool = False,
    threads: int = 2,
) -> Iterator[PageFrame]:
    """The page frames ``start`` <= pfn < ``end`` (default: all), read ahead in parallel."""
    parts = [KPAGEFLAGS] + [KPAGECOUNT] * counts + [KPAGECGROUP] * cgroups
    with _or_live(source).read(parts, start, end, threads=threads) as reader:
        for chunk in reader:
            flags = memoryview(chunk.flags).cast("Q")
            maps = memoryview(chunk.counts).cast("Q") if chunk.counts is not None else None
            owners = memoryview(chunk.cgroups).cast("Q") if chunk.cgroups is not None else None
            for i, value in enumerate(flags):
                yield PageFrame(
                    chunk.first + i,
                    value,
                    maps[i] if maps is not None else None,
                    owners[i] if owners is not None else None,
                )


def summarise(
    start: int = 0, end: int | None = None, *, source: PageSource | None = None, threads: int = 2
) -> dict[int, int]:
    """Pages per distinct kpageflags value, in the order the values first appear; fast."""
    from .counting import FlagCounter

    counter = FlagCounter()
    with _or_live(source).read([KPAGEFLAGS], start, end, chunk=1 << 17, threads=threads) as reader:
        for chunk in reader:
            counter.add(chunk.flags)
    return counter.items()


def cgroup_inode(cgroup: str | int) -> int:
    """The memory cgroup's inode number, from a cgroup directory or ``@INODE`` or an int."""
    if isinstance(cgroup, int):
        return cgroup
    if cgroup.startswith("@"):
        return int(cgroup[1:], 0)
    return os.stat(cgroup).st_ino


def cgroup_frames(cgroup: str | int, *, source: PageSource | None = None, threads: int = 2) -> Iterator[PageFrame]:
    """The page frames charged to one memory cgroup (by path or inode), from kpagecgroup."""
    inode = cgroup_inode(cgroup)
    for frame in page_frames(source=source, cgroups=True, threads=threads):
        if frame.cgroup == inode:
            yield frame


class ProcessPage(NamedTuple):
    """A virtual page of a process: its pagemap entry and, when present and visible, its frame."""

    address: int
    vma: Vma
    entry: int
    pfn: int | None
    flags: int | None


def process_pages(pid: int, *, source: PageSource | None = None, present_only: bool = True) -> Iterator[ProcessPage]:
    """The pages of a live process, mapping by mapping, with the kpageflags of present ones
    (from ``source``, which must read single frames: this machine or saved files).

    Frame numbers read as 0 without CAP_SYS_ADMIN; then ``pfn`` and ``flags`` are None.
    """
    from .processes import maps_text
    from .walk import PfnSource

    page = os.sysconf("SC_PAGE_SIZE")
    vmas = parse_maps(maps_text(pid), f"/proc/{pid}/maps")
    frames = PfnSource.of(_or_live(source), cgroups=False, counts=False)
    pagemap = open_pagemap(pid)
    try:
        for vma in vmas:
            first, last = vma.start // page, vma.end // page
            for index in range(first, last, 1 << 16):
                entries = memoryview(pagemap.read(index, min(1 << 16, last - index))).cast("Q")
                if not entries:
                    break
                present = [e & PM_PFN_MASK for e in entries if e & PM_PRESENT and e & PM_PFN_MASK]
                info = frames.lookup(present) if present else {}
                for i, entry in enumerate(entries):
                    if present_only and not entry & PM_PRESENT:
                        continue
                    pfn = entry & PM_PFN_MASK if entry & PM_PRESENT and entry & PM_PFN_MASK else None
                    flags = info[pfn][0] if pfn is not None and pfn in info else None
                    yield ProcessPage((index + i) * page, vma, entry, pfn, flags)
    finally:
        pagemap.close()
        frames.close()


def summarise_process(pid: int, *, source: PageSource | None = None, threads: int = 2) -> dict[int, int]:
    """Pages per distinct kpageflags value among a process's present pages, in the order the
    values first appear walking its address space; fast (``page-types -p``'s way: each frame
    read once, in runs, numpy if installed). A frame mapped at two addresses counts twice."""
    from .counting import FlagCounter, numpy_available
    from .processwalk import ProcessSummary, WideFlags, decode_key

    counter = FlagCounter()
    walk = ProcessSummary(pid, _or_live(source), [], threads)
    try:
        walk.count(False, counter.add, use_numpy=numpy_available())
    except WideFlags:
        counts: dict[int, int] = {}
        for page in process_pages(pid, source=source):
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


def cached_pages(path: str, *, source: PageSource | None = None) -> Iterator[CachedPage]:
    """The cached pages of a file, or of every file under a directory (not following links or
    crossing mounts). Only pages already cached are touched: no disk I/O, no readahead."""
    from .filewalk import files_under, walk_file
    from .walk import PfnSource

    frames = PfnSource.of(_or_live(source), cgroups=False, counts=False)
    try:
        names = [path] if os.path.isfile(path) else list(files_under(path))
        for name in names:
            found: list[CachedPage] = []

            def visit(runs: PageRuns, name: str = name, found: list[CachedPage] = found) -> None:
                for page, pfn, count, raw in zip(runs.voffsets, runs.pfns, runs.counts, runs.raws):
                    found.extend(CachedPage(name, page + k, pfn + k, raw) for k in range(count))

            walk_file(name, frames, [], visit)
            yield from found
    finally:
        frames.close()
