"""Where a cached file's pages come from: page-types' walk_file, through libc's mmap and mincore.

Its own module because ctypes (and finding libc) costs start-up time that the other walks
need not pay.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import stat
import sys
from collections.abc import Iterator

from .._generated.constants import PM_PFN_MASK, PM_PRESENT
from ..errors import EnvironmentProblem, environment_problem
from .procfs import CHUNK_PAGES, U64File
from .walk import PfnSource, Visit, as_u64s


class _Libc:
    def __init__(self) -> None:
        self.lib = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        self.lib.mmap.restype = ctypes.c_void_p
        self.lib.mmap.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_long,
        ]
        self.lib.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        self.lib.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p]
        self.lib.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]


PROT_READ, MAP_SHARED, MADV_RANDOM, MADV_SEQUENTIAL = 1, 1, 1, 2
MAP_FAILED = ctypes.c_void_p(-1).value


def walk_file(name: str, source: PfnSource, ranges: list[tuple[int, int]], visit: Visit) -> None:
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
        raise environment_problem(f"{name}: {error.strerror}", error.errno) from None
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
                        raise EnvironmentProblem(f"mmap failed: {name}: {os.strerror(ctypes.get_errno())}")
                    try:
                        vector = ctypes.create_string_buffer(pages)
                        if libc.lib.mincore(address, length, vector) != 0:
                            raise EnvironmentProblem(f"mincore failed: {name}")
                        libc.lib.madvise(address, length, MADV_RANDOM)
                        cached = [i for i in range(pages) if vector.raw[i] & 1]
                        limit = (os.fstat(fd).st_size + page - 1) // page - off // page
                        for i in cached:
                            if i < limit:  # a page past a shrunk end would fault
                                ctypes.string_at(address + i * page, 1)
                        libc.lib.madvise(address, length, MADV_SEQUENTIAL)
                        entries = as_u64s(pagemap.read(address // page, pages))
                    finally:
                        libc.lib.munmap(address, length)
                    present = [
                        (i, e & PM_PFN_MASK, e) for i, e in enumerate(entries) if e & PM_PRESENT and e & PM_PFN_MASK
                    ]
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
