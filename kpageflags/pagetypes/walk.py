"""Where pages come from: ranges of page frames, a process's address space, or cached files.

Each walker calls ``visit(voffset, pfn, raw_flags, cgroup, mapcnt, pagemap_entry)`` once
per page, in page-types' order, so lists and summaries come out as page-types prints them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import stat
import sys
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from ..procfs import CHUNK_PAGES, KPAGECGROUP, KPAGECOUNT, ProcFileError, U64File, read_chunks
from .tool import PM_PRESENT, PM_SWAP

Visit = Callable[[int, int, int, int, int, int], None]
PFN_MASK = (1 << 55) - 1
SWAP_TYPE_BITS = 5


def _u64s(data: bytes) -> memoryview:
    return memoryview(data).cast("Q")


class PfnSource:
    """kpageflags (live or saved) with kpagecgroup and kpagecount alongside when asked for."""

    def __init__(self, kpageflags: str, cgroups: bool, counts: bool, threads: int,
                 kpagecount: str = KPAGECOUNT) -> None:
        self.kpageflags = kpageflags
        self.flags = U64File(kpageflags)
        self.cgroups = U64File(KPAGECGROUP) if cgroups else None
        self.counts = U64File(kpagecount) if counts else None
        self.threads = threads

    def close(self) -> None:
        for source in (self.flags, self.cgroups, self.counts):
            if source is not None:
                source.close()

    def lookup(self, pfns: List[int]) -> Dict[int, Tuple[int, int, int]]:
        """(flags, cgroup, mapcnt) of each page frame, read in runs rather than page by page."""
        found: Dict[int, Tuple[int, int, int]] = {}
        ordered = sorted(set(pfns))
        start = 0
        while start < len(ordered):
            end = start
            while end + 1 < len(ordered) and ordered[end + 1] - ordered[end] <= 64:
                end += 1
            first, last = ordered[start], ordered[end]
            count = last - first + 1
            flags = _u64s(self.flags.read(first, count))
            cgroups = _u64s(self.cgroups.read(first, count)) if self.cgroups else None
            counts = _u64s(self.counts.read(first, count)) if self.counts else None
            for pfn in ordered[start:end + 1]:
                index = pfn - first
                if index < len(flags):
                    found[pfn] = (flags[index], cgroups[index] if cgroups is not None and index < len(cgroups)
                                  else 0, counts[index] if counts is not None and index < len(counts) else 0)
            start = end + 1
        return found


def walk_pfns(source: PfnSource, start: int, size: int, visit: Visit,
              progress: Optional[Callable[[int], None]] = None) -> None:
    """page-types' walk_pfn: batches of 65536 frames from ``start``; within each batch the
    virtual offset restarts at ``start``, which is why its -l ranges break at every batch."""
    end = start + size
    if source.flags.entries is not None:
        end = min(end, source.flags.entries)
    chunks = read_chunks(source.kpageflags, start, end if end > start else start, threads=source.threads,
                         chunk=CHUNK_PAGES)
    for index, data in chunks:
        values = _u64s(data)
        cgroups = _u64s(source.cgroups.read(index, len(values))) if source.cgroups else None
        counts = _u64s(source.counts.read(index, len(values))) if source.counts else None
        if cgroups is not None and len(cgroups) != len(values):
            raise ProcFileError(f"{KPAGECGROUP} returned fewer pages than {source.kpageflags}")
        for i, value in enumerate(values):
            visit(start + i, index + i, value, cgroups[i] if cgroups is not None else 0,
                  counts[i] if counts is not None else 0, 0)
        if progress is not None:
            progress(index + len(values))


class ProcessGone(Exception):
    """The process exited while its address space was being walked."""


def vmas(pid: int) -> List[Tuple[int, int]]:
    """The process's mappings as page ranges, from /proc/PID/maps."""
    path = f"/proc/{pid}/maps"
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.readlines()
    except FileNotFoundError:
        raise ProcFileError(f"no such process {pid} ({path} does not exist)") from None
    except OSError as error:
        raise ProcFileError(f"{path}: {error.strerror}") from None
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


def walk_process(pid: int, source: PfnSource, ranges: List[Tuple[int, int]], visit: Visit,
                 visit_swap: Callable[[int, int], None]) -> Optional[str]:
    """page-types' walk_task; returns a message if the process went away part-way."""
    maps = vmas(pid)
    path = f"/proc/{pid}/pagemap"
    try:
        pagemap = U64File(path)
    except ProcFileError:
        raise ProcFileError(f"{path}: no such process {pid}") from None
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
                        entries = _u64s(pagemap.read(index, count))
                    except ProcFileError as error:
                        return f"process {pid} went away during the walk ({error}); the pages walked so far are counted"
                    if not entries:
                        break  # as page-types: nothing to read in this mapping (or the process is gone)
                    present = [e & PFN_MASK for e in entries if e & PM_PRESENT and e & PFN_MASK]
                    info = source.lookup(present) if present else {}
                    for i, entry in enumerate(entries):
                        pfn = entry & PFN_MASK if entry & PM_PRESENT else 0
                        if pfn and pfn in info:
                            flags, cgroup, mapcnt = info[pfn]
                            visit(index + i, pfn, flags, cgroup, mapcnt, entry)
                        if entry & PM_SWAP:
                            visit_swap(index + i, entry)
    finally:
        pagemap.close()
    if not os.path.exists(f"/proc/{pid}"):
        return f"process {pid} exited during the walk; the pages walked so far are counted"
    return None


class _Libc:
    def __init__(self) -> None:
        self.lib = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        self.lib.mmap.restype = ctypes.c_void_p
        self.lib.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                  ctypes.c_long]
        self.lib.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        self.lib.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p]
        self.lib.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]


PROT_READ, MAP_SHARED, MADV_RANDOM, MADV_SEQUENTIAL = 1, 1, 1, 2
MAP_FAILED = ctypes.c_void_p(-1).value


def walk_file(name: str, source: PfnSource, ranges: List[Tuple[int, int]], visit: Visit) -> None:
    """page-types' walk_file: map the file, ask mincore which pages are cached, touch only
    those (so nothing is read from disk and readahead is off), then read their PFNs."""
    libc = _Libc()
    page = os.sysconf("SC_PAGE_SIZE")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(name, flags | getattr(os, "O_NOATIME", 0))
    except PermissionError:
        fd = os.open(name, flags)
    except OSError as error:
        raise ProcFileError(f"{name}: {error.strerror}") from None
    try:
        size = os.fstat(fd).st_size
        with U64File("/proc/self/pagemap") as pagemap:
            for start, count in ranges or [(0, size // page)]:
                off, end = start * page, min((start + count) * page, size)
                while off < end:
                    pages = min((end - off + page - 1) // page, CHUNK_PAGES)
                    length = pages * page
                    address = libc.lib.mmap(None, length, PROT_READ, MAP_SHARED, fd, off)
                    if address in (None, MAP_FAILED):
                        raise ProcFileError(f"mmap failed: {name}: {os.strerror(ctypes.get_errno())}")
                    try:
                        vector = ctypes.create_string_buffer(pages)
                        if libc.lib.mincore(address, length, vector) != 0:
                            raise ProcFileError(f"mincore failed: {name}")
                        libc.lib.madvise(address, length, MADV_RANDOM)
                        cached = [i for i in range(pages) if vector.raw[i] & 1]
                        limit = (os.fstat(fd).st_size + page - 1) // page - off // page
                        for i in cached:
                            if i < limit:  # a page past a shrunk end would fault
                                ctypes.string_at(address + i * page, 1)
                        libc.lib.madvise(address, length, MADV_SEQUENTIAL)
                        entries = _u64s(pagemap.read(address // page, pages))
                    finally:
                        libc.lib.munmap(address, length)
                    present = [(i, e & PFN_MASK, e) for i, e in enumerate(entries) if e & PM_PRESENT and e & PFN_MASK]
                    info = source.lookup([pfn for _, pfn, _ in present])
                    for i, pfn, entry in present:
                        if pfn in info:
                            raw, cgroup, mapcnt = info[pfn]
                            visit(off // page + i, pfn, raw, cgroup, mapcnt, entry)
                    off += length
    finally:
        os.close(fd)


def files_under(top: str) -> Iterator[str]:
    """Regular files below ``top`` in nftw's order: pre-order, directory entries as the
    directory lists them, not following symbolic links nor crossing into other mounts."""
    device = os.lstat(top).st_dev

    def walk(path: str) -> Iterator[str]:
        try:
            entries = list(os.scandir(path))
        except OSError:
            sys.stderr.write(f"cannot read dir: {path}\n")
            return
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                if info.st_dev == device:
                    yield from walk(entry.path)
            elif stat.S_ISREG(info.st_mode):
                yield entry.path

    yield from walk(top)


def swap_offset(entry: int) -> int:
    return (entry & PFN_MASK) >> SWAP_TYPE_BITS if entry & PM_SWAP else 0


# Pagemap bits page-types' raw mode turns into flags, packed into a 4-bit code above the
# kernel's flag bits so that (flags, pagemap bits) pairs count as one value.
_PAGEMAP_CODE_BITS = (55, 56, 61, 62)
_CODE_SHIFT = 44
_SWAP_ONLY = 1 << 48


def count_process(pid: int, kpageflags: str, ranges: List[Tuple[int, int]], with_pagemap_bits: bool,
                  add: Callable[[bytes], None]) -> Optional[str]:
    """Summary-only walk of a process with numpy: hands ``add`` little-endian keys, one per
    page in address order, each a kernel flags value plus a code of its pagemap bits (or,
    for swap entries, the code alone with ``_SWAP_ONLY``). Decode keys with ``decode_key``."""
    import numpy as np

    maps = vmas(pid)
    path = f"/proc/{pid}/pagemap"
    try:
        pagemap = U64File(path)
    except ProcFileError:
        raise ProcFileError(f"{path}: no such process {pid}") from None
    flags_file = U64File(kpageflags)
    try:
        for start, size in ranges or [(0, (1 << 64) - 1)]:
            end = min(start + size, (1 << 64) - 1)
            for low, high in maps:
                if high <= start or low >= end:
                    continue
                first, last = max(low, start), min(high, end)
                for index in range(first, last, CHUNK_PAGES):
                    data = pagemap.read(index, min(CHUNK_PAGES, last - index))
                    if not data:
                        break
                    entries = np.frombuffer(data, dtype="<u8")
                    pfns = entries & np.uint64(PFN_MASK)
                    present = ((entries >> np.uint64(63)) == 1) & (pfns != 0)
                    swapped = ((entries >> np.uint64(62)) & np.uint64(1)) == 1
                    code = np.zeros(len(entries), dtype=np.uint64)
                    if with_pagemap_bits:
                        for position, bit in enumerate(_PAGEMAP_CODE_BITS):
                            code |= ((entries >> np.uint64(bit)) & np.uint64(1)) << np.uint64(_CODE_SHIFT + position)
                    keys = np.zeros(len(entries), dtype=np.uint64)
                    wanted = np.unique(pfns[present])
                    known = np.zeros(len(entries), dtype=bool)
                    if len(wanted):
                        values, found = _read_frames(np, flags_file, wanted)
                        slot = np.searchsorted(wanted, pfns[present])
                        keys[present] = values[slot] | code[present]
                        known[present] = found[slot]
                    keys[swapped] = code[swapped] | np.uint64(_SWAP_ONLY)
                    chosen = known | swapped
                    add(keys[chosen].astype("<u8").tobytes())
    finally:
        pagemap.close()
        flags_file.close()
    if not os.path.exists(f"/proc/{pid}"):
        return f"process {pid} exited during the walk; the pages walked so far are counted"
    return None


def _read_frames(np: Any, source: U64File, pfns: Any) -> Tuple[Any, Any]:
    """kpageflags of sorted unique ``pfns``, read in runs of near neighbours, once each."""
    values = np.zeros(len(pfns), dtype=np.uint64)
    found = np.zeros(len(pfns), dtype=bool)
    breaks = np.flatnonzero(np.diff(pfns) > 64) + 1
    for run in np.split(np.arange(len(pfns)), breaks):
        first, last = int(pfns[run[0]]), int(pfns[run[-1]])
        data = np.frombuffer(source.read(first, last - first + 1), dtype="<u8")
        offsets = (pfns[run] - np.uint64(first)).astype(np.int64)
        inside = offsets < len(data)
        values[run[inside]] = data[offsets[inside]]
        found[run[inside]] = True
    return values, found


def decode_key(key: int) -> Tuple[int, int, bool]:
    """(kernel flags, pagemap entry bits, is a swap entry) of a ``count_process`` key."""
    entry = 0
    for position, bit in enumerate(_PAGEMAP_CODE_BITS):
        if key >> (_CODE_SHIFT + position) & 1:
            entry |= 1 << bit
    return key & ((1 << _CODE_SHIFT) - 1), entry, bool(key & _SWAP_ONLY)
