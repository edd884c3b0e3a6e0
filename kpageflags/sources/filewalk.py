"""Where a cached file's pages come from: page-types' walk_file, through libc's mmap and mincore.

Its own module because ctypes (and finding libc) costs start-up time that the other walks
need not pay.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import re
import stat
import sys
from collections.abc import Iterator
from typing import Any

from ..errors import EnvironmentProblem, environment_problem
from .pageruns import RunVisit, split_runs
from .procfs import U64File
from .walk import PfnSource


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
# Pages of a file mapped at a time: the cached pages touched count in the walk's resident
# memory until unmapped (page-types maps 64Ki pages, 256 MiB of 4 KiB pages, at a time).
FILE_CHUNK_PAGES = 1 << 12
MAP_FAILED = ctypes.c_void_p(-1).value


@functools.cache
def _libc() -> _Libc:
    """libc, found once: ``find_library`` runs ``ldconfig -p`` each time it is asked (measured:
    3 ms a file, minutes for page-types -f over a directory of 50,000 files)."""
    return _Libc()


def walk_file(
    name: str, source: PfnSource, ranges: list[tuple[int, int]], visit: RunVisit, np: Any | None = None
) -> None:
    """page-types' walk_file, run by run (see ``pageruns``): map the file, ask mincore which
    pages are cached, touch only those (so nothing is read from disk and readahead is off),
    then read their PFNs. A run's virtual offsets are its pages' offsets in the file. With
    ``np`` (numpy), runs are found by array operations."""
    libc = _libc()
    page = os.sysconf("SC_PAGE_SIZE")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(name, flags | getattr(os, "O_NOATIME", 0))
    except PermissionError:
        fd = os.open(name, flags)
    except OSError as error:
        raise environment_problem(f"{name}: {error.strerror}", error.errno) from None
    pagemap: U64File | None = None
    try:
        size = os.fstat(fd).st_size
        for start, count in ranges or [(0, size // page)]:
            off, end = start * page, min((start + count) * page, size)
            while off < end:
                pages = min((end - off + page - 1) // page, FILE_CHUNK_PAGES)
                length = pages * page
                address = libc.lib.mmap(None, length, PROT_READ, MAP_SHARED, fd, off)
                if address in (None, MAP_FAILED):
                    raise EnvironmentProblem(f"mmap failed: {name}: {os.strerror(ctypes.get_errno())}")
                try:
                    vector = ctypes.create_string_buffer(pages)
                    if libc.lib.mincore(address, length, vector) != 0:
                        raise EnvironmentProblem(f"mincore failed: {name}")
                    limit = (os.fstat(fd).st_size + page - 1) // page - off // page
                    spans = _cached_spans(vector.raw[: min(pages, max(limit, 0))])
                    # No page cached, none can be mapped: most files of a directory walk.
                    entries = b""
                    if spans:
                        libc.lib.madvise(address, length, MADV_RANDOM)
                        _touch(address, page, spans)
                        libc.lib.madvise(address, length, MADV_SEQUENTIAL)
                        pagemap = pagemap or U64File("/proc/self/pagemap")
                        entries = pagemap.read(address // page, pages)
                finally:
                    libc.lib.munmap(address, length)
                if entries:
                    runs = split_runs(off // page, entries, source.files, np)
                    if runs.counts:
                        visit(runs)
                off += length
    finally:
        os.close(fd)
        if pagemap is not None:
            pagemap.close()


# mincore's byte per page: the low bit says whether the page is cached.
_CACHED = bytes(i & 1 for i in range(256))


def _cached_spans(vector: bytes) -> list[tuple[int, int]]:
    """(first, end) of each stretch of cached pages in a mincore vector."""
    return [match.span() for match in re.finditer(b"\x01+", vector.translate(_CACHED))]


def _touch(address: int, page: int, spans: list[tuple[int, int]]) -> None:
    """Reads the first byte of each page of the spans, in order, so that each is mapped."""
    if not spans:
        return
    mapped = memoryview((ctypes.c_char * (spans[-1][1] * page)).from_address(address)).cast("B")
    for first, end in spans:
        mapped[first * page : end * page : page].tobytes()


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
